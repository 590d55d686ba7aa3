import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Remembers the last merged config (and its JSON) together with the identity of the two
/// files it came from. The files are still checked on every call (two `stat`s), so an edit
/// made by any process is seen at once; only the parsing is skipped when nothing changed.
final class MergedConfigCache: Sendable {
    struct Key: Equatable {
        let shared: FileStamp?
        let unit: FileStamp?
    }

    struct Entry {
        let key: Key
        let config: MergedConfig
        var json: JSONValue?
    }

    private let entry = Mutex<Entry?>(nil)

    func key(shared: URL, unit: URL) -> Key {
        Key(shared: FileStamp(shared), unit: FileStamp(unit))
    }

    func config(for key: Key) -> MergedConfig? {
        entry.withLock { $0?.key == key ? $0?.config : nil }
    }

    func json(for key: Key) -> JSONValue? {
        entry.withLock { $0?.key == key ? $0?.json : nil }
    }

    func store(_ config: MergedConfig, json: JSONValue? = nil, for key: Key) {
        entry.withLock { current in
            if current?.key == key, json == nil { return }
            current = Entry(key: key, config: config, json: json ?? (current?.key == key ? current?.json : nil))
        }
    }
}
