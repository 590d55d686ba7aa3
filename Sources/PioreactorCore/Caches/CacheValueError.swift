/// A stored cache value could not be read as the requested type (the reference raises
/// TypeError/ValueError there, which the API turns into a 500).
public struct CacheValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
