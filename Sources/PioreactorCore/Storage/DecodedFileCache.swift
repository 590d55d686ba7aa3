import Foundation
import Synchronization

/// Decoded files remembered by path and `FileStamp`: each read still `stat`s the file, so an
/// edit by any process is seen at once, and only the parsing is skipped when nothing changed.
/// Failures are not remembered (a bad file is re-read and re-reported each time).
public final class DecodedFileCache<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let stamp: FileStamp
        let value: Value
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Past this many files the cache starts over, so deleted files cannot pile up.
    private let capacity: Int

    public init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The decoded file: from the cache when its stamp is unchanged, else read and decoded.
    public func value(of url: URL, decode: (Data) throws -> Value) throws -> Value {
        try value(atPath: url.path, decode: decode)
    }

    public func value(atPath path: String, decode: (Data) throws -> Value) throws -> Value {
        let stamp = FileStamp(path: path)
        if let stamp, let entry = entries.withLock({ $0[path] }), entry.stamp == stamp {
            return entry.value
        }
        let value = try decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        if let stamp {
            entries.withLock { entries in
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[path] = Entry(stamp: stamp, value: value)
            }
        }
        return value
    }
}
