import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Appends lines to the unit log (`[logging] log_file`), like Python's `WatchedFileHandler`:
/// when logrotate moves or deletes the file, the next line reopens the path.
public final class UnitLogFile: Sendable {
    public let path: String
    private struct Open { var fd: Int32; var device: UInt64; var inode: UInt64 }
    private let state = Mutex<Open?>(nil)

    public init(path: String) {
        self.path = path
    }

    deinit {
        state.withLock { if let open = $0 { close(open.fd) } }
    }

    /// Writes one line (a newline is added) with a single `write(2)`, so lines of concurrent
    /// processes appending to the same file never interleave. Failures are dropped: logging
    /// must never stop a job.
    public func append(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        state.withLock { open in
            if let current = open, !Self.pathStillNames(path, current) {
                close(current.fd)
                open = nil
            }
            if open == nil { open = Self.openForAppend(path) }
            guard let fd = open?.fd else { return }
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// A descriptor of the log file opened for appending (for redirecting a job's stdout and
    /// stderr into it), or nil when it cannot be opened.
    public func openDescriptor() -> Int32? {
        Self.openForAppend(path)?.fd
    }

    private static func openForAppend(_ path: String) -> Open? {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return nil
        }
        return Open(fd: fd, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    private static func pathStillNames(_ path: String, _ open: Open) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return UInt64(info.st_dev) == open.device && UInt64(info.st_ino) == open.inode
    }
}
