import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Temp files of `AtomicFile` writes whose process died before the rename (kill -9, power
/// loss). Removed at server start-up so a crash leaves no trace under DOT_PIOREACTOR.
public enum AtomicFileLeftovers {
    /// Removes, under `root` (recursively, not following symlinks), every `AtomicFile` temp
    /// whose writer process no longer exists. A live writer's temp is left alone: jobs share
    /// these folders. Returns the removed files.
    @discardableResult
    public static func remove(under root: URL, isAlive: (pid_t) -> Bool = processExists) -> [URL] {
        var removed: [URL] = []
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey], options: [],
            errorHandler: { _, _ in true })
        while let url = enumerator?.nextObject() as? URL {
            guard let pid = AtomicFile.writerPID(ofTemporaryName: url.lastPathComponent), !isAlive(pid) else { continue }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            if unlink(url.path) == 0 { removed.append(url) }
        }
        return removed
    }

    /// Whether a process with this pid exists (EPERM means it does, owned by someone else).
    public static func processExists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
