import OrderedCollections

/// A JSON value that keeps object key order and the integer/float distinction.
///
/// The reference API emits objects in insertion order and renders `400` and `400.0`
/// differently (CLI options, published settings), so Foundation's `JSONSerialization`
/// (unordered, NSNumber) is not enough.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// An ordered JSON object: keys keep the order they were inserted or parsed in. Lookups and
/// inserts are hashed, so building an object of n keys costs O(n), not O(n²) (a body of 40,000
/// keys must not stall the server).
public struct JSONObject: Sendable, Equatable, Sequence {
    private var storage: OrderedDictionary<String, JSONValue>

    public init() { storage = [:] }

    public init(_ entries: [(String, JSONValue)]) {
        storage = [:]
        storage.reserveCapacity(entries.count)
        for (key, value) in entries { self[key] = value }
    }

    /// Key–value pairs in order.
    public var entries: OrderedDictionary<String, JSONValue>.Elements { storage.elements }
    public var keys: [String] { Array(storage.keys) }
    public var isEmpty: Bool { storage.isEmpty }
    public var count: Int { storage.count }

    /// Setting an existing key replaces its value in place; a new key goes last.
    /// Assigning `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set { storage[key] = newValue }
    }

    public func makeIterator() -> OrderedDictionary<String, JSONValue>.Elements.Iterator {
        storage.elements.makeIterator()
    }

    /// Order matters: `{"a":1,"b":2}` and `{"b":2,"a":1}` render differently.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}

extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// A number as Double (ints widen); nil for anything else.
    public var numberValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }

    /// Python truthiness, used where the reference tests `if value:`.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .double(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .array(let value): return !value.isEmpty
        case .object(let value): return !value.isEmpty
        }
    }
}
