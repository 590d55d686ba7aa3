import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Atomic file replacement: write a temp file in the same folder, fsync it, rename it over
/// the target, fsync the folder. A crash leaves either the old or the new file, never half
/// (plus, after a kill, a temp file that `AtomicFileLeftovers` removes at the next start-up).
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644) throws {
        let directory = url.deletingLastPathComponent()
        let tempPath = directory.appendingPathComponent(temporaryName(for: url.lastPathComponent)).path
        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw POSIXFailure(operation: "open \(tempPath)", code: errno) }
        var succeeded = false
        defer {
            if !succeeded { unlink(tempPath) }
        }
        do {
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw POSIXFailure(operation: "write \(tempPath)", code: errno)
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw POSIXFailure(operation: "fsync \(tempPath)", code: errno) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(tempPath, url.path) == 0 else { throw POSIXFailure(operation: "rename to \(url.path)", code: errno) }
        succeeded = true
        let dirFd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFd >= 0 {
            fsync(dirFd)
            close(dirFd)
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// `.<name>.tmp-<writer pid>-<8 hex>`: hidden, and naming its writer so a start-up sweep can
    /// tell a dead writer's leftover from a live process's write in progress.
    public static func temporaryName(for name: String, pid: pid_t = getpid()) -> String {
        ".\(name).tmp-\(pid)-\(UUID().uuidString.prefix(8))"
    }

    /// The writer pid of a name made by `temporaryName`, nil for any other name.
    public static func writerPID(ofTemporaryName name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
              marker.lowerBound > name.index(after: name.startIndex) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 8, parts[1].allSatisfy(\.isHexDigit),
              !parts[0].isEmpty, parts[0].allSatisfy({ ("0"..."9").contains($0) }), let pid = pid_t(parts[0]), pid > 0 else { return nil }
        return pid
    }
}

/// A failed system call, with errno.
public struct POSIXFailure: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: strerror(code))) (errno \(code))" }
    public var isNoSpace: Bool { code == ENOSPC || code == EDQUOT }
}
