import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Path arithmetic with Python's `posixpath` semantics, plus a symlink resolver we control
/// (Foundation's `resolvingSymlinksInPath` differs between platforms for missing paths).
enum POSIXPath {
    /// `posixpath.normpath`: collapses `//`, `.` and `..` lexically.
    static func normalize(_ path: String) -> String {
        if path.isEmpty { return "." }
        var leadingSlashes = path.prefix(while: { $0 == "/" }).count
        if leadingSlashes > 2 { leadingSlashes = 1 }
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                    continue
                }
                if leadingSlashes > 0 { continue }
            }
            parts.append(component)
        }
        let joined = parts.joined(separator: "/")
        let result = String(repeating: "/", count: leadingSlashes) + joined
        return result.isEmpty ? "." : result
    }

    /// `os.path.join(base, tail)` for a relative tail.
    static func join(_ base: String, _ tail: String) -> String {
        if tail.hasPrefix("/") { return tail }
        if base.isEmpty || base.hasSuffix("/") { return base + tail }
        return base + "/" + tail
    }

    /// Non-strict `os.path.realpath` of an absolute path: follows every symlink that exists,
    /// keeps missing tails lexically. Returns nil on a symlink loop.
    static func resolve(_ path: String) -> String? {
        precondition(path.hasPrefix("/"), "resolve expects an absolute path")
        var resolved: [String] = []
        var pending: [String] = Array(path.split(separator: "/").map(String.init).reversed())
        var linksFollowed = 0
        while let component = pending.popLast() {
            if component.isEmpty || component == "." { continue }
            if component == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            if let status = FileStatus.of(candidate, followingSymlinks: false), status.kind == .symlink {
                linksFollowed += 1
                if linksFollowed > 40 { return nil }
                guard let target = readLink(candidate) else { return nil }
                if target.hasPrefix("/") { resolved.removeAll() }
                pending.append(contentsOf: Array(target.split(separator: "/").map(String.init).reversed()))
                continue
            }
            resolved.append(component)
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// True when `path` is `root` or lies below it (both already resolved).
    static func isContained(_ path: String, in root: String) -> Bool {
        if root == "/" { return path.hasPrefix("/") }
        return path == root || path.hasPrefix(root + "/")
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// What `stat`/`lstat` says about a path, reduced to what file browsing and zipping need.
struct FileStatus: Equatable {
    enum Kind: Equatable { case regular, directory, symlink, other }
    let kind: Kind
    let permissions: UInt16
    let size: Int64
    let modificationDate: Date

    static func of(_ path: String, followingSymlinks: Bool) -> FileStatus? {
        var info = stat()
        let result = followingSymlinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return nil }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return FileStatus(
            kind: kind,
            permissions: UInt16(info.st_mode & 0o7777),
            size: Int64(info.st_size),
            modificationDate: Date(timeIntervalSince1970: seconds)
        )
    }
}

extension String {
    /// Python's `str` ordering: plain Unicode code point order (Swift's `<` normalises first).
    func precedesByCodePoint(_ other: String) -> Bool {
        unicodeScalars.lexicographicallyPrecedes(other.unicodeScalars)
    }
}
