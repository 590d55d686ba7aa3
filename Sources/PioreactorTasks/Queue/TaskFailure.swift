import PioreactorCore

/// Thrown by a task body to store `message` verbatim as the task's `error`.
public struct TaskFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// The text stored for any error a task body throws: a `TaskFailure` verbatim,
    /// a `UnitError` its `error` text, anything else its description.
    public static func storedMessage(for error: any Error) -> String {
        if let failure = error as? TaskFailure { return failure.message }
        if let unitError = error as? UnitError { return unitError.error }
        return String(describing: error)
    }
}
