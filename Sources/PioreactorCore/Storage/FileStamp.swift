import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What identifies one version of a file: inode, size and modification time (ns). Our writes
/// replace files by rename (a new inode), so a changed file always gets a new stamp.
struct FileStamp: Equatable, Sendable {
    let inode: UInt64
    let size: Int64
    let seconds: Int
    let nanoseconds: Int

    init?(_ url: URL) { self.init(path: url.path) }

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        seconds = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
    }
}
