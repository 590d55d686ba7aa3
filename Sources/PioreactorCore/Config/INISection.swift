/// One INI section's raw (uninterpolated) entries, in insertion order, like a Python dict:
/// re-setting a key keeps its position. A `nil` value is a key written without a delimiter.
public struct INISection: Sendable, Equatable {
    public let name: String
    public private(set) var keys: [String] = []
    private var values: [String: String?] = [:]

    public init(name: String) {
        self.name = name
    }

    public var isEmpty: Bool { keys.isEmpty }

    public func contains(_ key: String) -> Bool { values[key] != nil }

    /// The raw value: `.some(nil)` for a key without value, `nil` when the key is absent.
    public func rawValue(_ key: String) -> String?? { values[key] }

    /// Raw entries in order.
    public var entries: [(key: String, value: String?)] {
        keys.map { ($0, values[$0]!) }
    }

    mutating func set(_ key: String, _ value: String?) {
        if values[key] == nil { keys.append(key) }
        values[key] = .some(value)
    }

    @discardableResult
    mutating func remove(_ key: String) -> Bool {
        guard values.removeValue(forKey: key) != nil else { return false }
        keys.removeAll { $0 == key }
        return true
    }

    mutating func removeAll() {
        keys = []
        values = [:]
    }
}
