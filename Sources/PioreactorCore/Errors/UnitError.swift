/// A failure a client should see, in the spec's error schema terms
/// (`error`, `cause`, `remediation`, `status`). Core code throws it; the HTTP layer
/// renders it. `status` is a plain integer so Core stays free of HTTP types.
public struct UnitError: Error, Equatable, Sendable, CustomStringConvertible {
    public let status: Int
    public let error: String
    public let cause: String?
    public let remediation: String?

    public init(_ status: Int, _ error: String, cause: String? = nil, remediation: String? = nil) {
        self.status = status
        self.error = error
        self.cause = cause
        self.remediation = remediation
    }

    public var description: String { "\(status) \(error)" + (cause.map { ": \($0)" } ?? "") }

    public static func badRequest(_ error: String, cause: String? = nil, remediation: String? = nil) -> UnitError {
        UnitError(400, error, cause: cause, remediation: remediation)
    }

    public static func notFound(_ error: String, cause: String? = nil, remediation: String? = nil) -> UnitError {
        UnitError(404, error, cause: cause, remediation: remediation)
    }

    public static func forbidden(_ error: String, cause: String? = nil, remediation: String? = nil) -> UnitError {
        UnitError(403, error, cause: cause, remediation: remediation)
    }

    public static func serverError(_ error: String, cause: String? = nil, remediation: String? = nil) -> UnitError {
        UnitError(500, error, cause: cause, remediation: remediation)
    }
}
