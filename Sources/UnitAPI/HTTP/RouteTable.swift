import Hummingbird
import Synchronization

/// The method/path pairs the server registers, kept so that a miss can be told apart
/// as 404 (no such path) or 405 (path exists, other method), and so tests can compare
/// the registered routes with the spec's index.
final class RouteTable: Sendable {
    struct Entry: Hashable, Sendable {
        let method: HTTPRequest.Method
        let path: String
    }

    private let storage: Mutex<[Entry]> = Mutex([])

    func add(_ method: HTTPRequest.Method, _ path: String) {
        storage.withLock { $0.append(Entry(method: method, path: path)) }
    }

    var entries: [Entry] { storage.withLock { $0 } }

    /// Methods registered for any pattern matching `path` (`:name` matches one segment,
    /// `**` matches the rest).
    func methods(forPath path: String) -> Set<HTTPRequest.Method> {
        let segments = RouteTable.segments(of: path)
        var found = Set<HTTPRequest.Method>()
        for entry in entries where RouteTable.matches(pattern: RouteTable.segments(of: entry.path), segments: segments) {
            found.insert(entry.method)
        }
        return found
    }

    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(pattern: [Substring], segments: [Substring]) -> Bool {
        var index = 0
        for part in pattern {
            if part == "**" { return index < segments.count }
            guard index < segments.count else { return false }
            if !part.hasPrefix(":") && part != segments[index] { return false }
            index += 1
        }
        return index == segments.count
    }
}
