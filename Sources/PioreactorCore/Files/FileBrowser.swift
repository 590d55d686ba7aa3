import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Browsing, downloading and delete-target checks inside `$DOT_PIOREACTOR` (unit-api.md §3.11).
/// Unlike the reference, symlinks are resolved and containment re-checked, so a link
/// pointing outside DP is refused like a `..` escape.
public struct FileBrowser: Sendable {
    public let paths: UnitPaths

    public init(paths: UnitPaths) {
        self.paths = paths
    }

    static let sqliteSuffixes = [".sqlite", ".sqlite.backup", ".sqlite-shm", ".sqlite-wal"]

    /// Joins a URL path (`storage/calibrations`, `""` for the root) safely onto DP and resolves symlinks.
    public func resolve(requestPath: String) throws(UnitError) -> URL {
        URL(fileURLWithPath: try resolvedPath(requestPath: requestPath))
    }

    /// Lists a directory or hands back a downloadable file, with the spec's 403/404 answers.
    public func browse(requestPath: String) throws(UnitError) -> BrowseResult {
        let resolved = try resolvedPath(requestPath: requestPath)
        guard let status = FileStatus.of(resolved, followingSymlinks: true) else {
            throw Self.notFound(requestPath)
        }
        switch status.kind {
        case .regular:
            let requested = POSIXPath.normalize(requestPath)
            // Check both names: a harmless-looking link must not leak a database either.
            if Self.isSQLiteName(requested) || Self.isSQLiteName(resolved) { throw Self.sqliteRestricted }
            return .file(URL(fileURLWithPath: resolved))
        case .directory:
            return .directory(try listing(of: resolved, requestPath: requestPath))
        case .symlink, .other:
            // FIFOs, sockets and devices: the reference crashes (500); we refuse.
            throw Self.invalidPath
        }
    }

    /// The absolute path `remove_file` may delete: `~` expanded, relative to DP, symlinks resolved,
    /// and inside the resolved DP (DP itself included).
    public func removableFile(filepath: String, homeDirectory: String? = nil) throws(UnitError) -> URL {
        guard !filepath.isEmpty else { throw Self.filepathRequired }
        guard !filepath.contains("\0") else { throw Self.outsideDotPioreactor }
        let root = try resolvedRoot()
        let expanded = Self.expandUser(filepath, home: homeDirectory)
        let absolute = expanded.hasPrefix("/") ? expanded : POSIXPath.join(root, expanded)
        guard let resolved = POSIXPath.resolve(absolute), POSIXPath.isContained(resolved, in: root) else {
            throw Self.outsideDotPioreactor
        }
        return URL(fileURLWithPath: resolved)
    }

    // MARK: - Internals

    func resolvedPath(requestPath: String) throws(UnitError) -> String {
        // os.path.exists() is False for a NUL-containing path, so the reference answers 404.
        if requestPath.contains("\0") { throw Self.notFound(requestPath) }
        let root = try resolvedRoot()
        var lexical = paths.dotPioreactor.path
        if !requestPath.isEmpty {
            let normalized = POSIXPath.normalize(requestPath)
            if normalized.hasPrefix("/") || normalized == ".." || normalized.hasPrefix("../") {
                throw Self.invalidPath
            }
            if normalized != "." { lexical = POSIXPath.join(lexical, normalized) }
        }
        guard let resolved = POSIXPath.resolve(lexical), POSIXPath.isContained(resolved, in: root) else {
            throw Self.invalidPath
        }
        return resolved
    }

    func resolvedRoot() throws(UnitError) -> String {
        guard let root = POSIXPath.resolve(paths.dotPioreactor.path) else { throw Self.invalidPath }
        return root
    }

    private func listing(of directory: String, requestPath: String) throws(UnitError) -> JSONObject {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw UnitError.serverError(
                "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application."
            )
        }
        var dirs: [String] = []
        var files: [String] = []
        for name in names {
            // os.walk classifies with is_dir(), which follows symlinks; broken links count as files.
            if FileStatus.of(POSIXPath.join(directory, name), followingSymlinks: true)?.kind == .directory {
                if name != "__pycache__" { dirs.append(name) }
            } else {
                files.append(name)
            }
        }
        dirs.sort { $0.precedesByCodePoint($1) }
        files.sort { $0.precedesByCodePoint($1) }
        // The reference echoes os.path.join(DOT_PIOREACTOR, req_path): root gets a trailing "/".
        let current = POSIXPath.join(paths.dotPioreactor.path, requestPath)
        return JSONObject([
            ("current", .string(current)),
            ("dirs", .array(dirs.map(JSONValue.string))),
            ("files", .array(files.map(JSONValue.string))),
        ])
    }

    static func isSQLiteName(_ path: String) -> Bool {
        sqliteSuffixes.contains { path.hasSuffix($0) }
    }

    /// `os.path.expanduser`: `~` and `~/…` use HOME, `~user/…` the password database; unknown users stay literal.
    static func expandUser(_ path: String, home: String?) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = String(path[path.index(after: path.startIndex)..<slash])
        let base: String
        if user.isEmpty {
            guard let value = home ?? ProcessInfo.processInfo.environment["HOME"]
                ?? Self.homeOfUser(nil) else { return path }
            base = value
        } else {
            guard let value = Self.homeOfUser(user) else { return path }
            base = value
        }
        let trimmed = base.count > 1 && base.hasSuffix("/") ? String(base.dropLast()) : base
        let rest = String(path[slash...])
        return (trimmed + rest).isEmpty ? "/" : trimmed + rest
    }

    private static func homeOfUser(_ user: String?) -> String? {
        let entry = user.map { getpwnam($0) } ?? getpwuid(getuid())
        guard let entry, let dir = entry.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    // MARK: - Errors (exact spec texts)

    static var invalidPath: UnitError {
        .forbidden(
            "Invalid path.",
            cause: "Requested path could not be safely resolved.",
            remediation: "Provide a path within the .pioreactor directory."
        )
    }

    static func notFound(_ requestPath: String) -> UnitError {
        .notFound(
            "Path not found.",
            cause: "Path does not exist: \(requestPath)",
            remediation: "Check the path and try again."
        )
    }

    static var sqliteRestricted: UnitError {
        .forbidden(
            "Access to downloading sqlite files is restricted.",
            cause: "SQLite files are blocked from download via the API.",
            remediation: "Access the database directly on the device."
        )
    }

    static var filepathRequired: UnitError {
        .badRequest(
            "filepath field is required",
            cause: "Request JSON missing 'filepath'.",
            remediation: "Include a 'filepath' field in the JSON payload."
        )
    }

    static var outsideDotPioreactor: UnitError {
        .forbidden(
            "Access to this path is not allowed",
            cause: "Requested path is outside the .pioreactor directory.",
            remediation: "Provide a path within the .pioreactor directory."
        )
    }
}
