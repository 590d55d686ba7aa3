import Foundation
import Hummingbird
import PioreactorCore

/// Builds responses the way the reference does: compact JSON, `application/json`
/// without a charset, optional `Cache-Control: public, max-age=N`.
enum APIResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, maxAge: Int? = nil) -> Response {
        json(encoded: value.encodedBytes(), status: status, maxAge: maxAge)
    }

    /// A body that is already JSON text.
    static func json(encoded bytes: [UInt8], status: HTTPResponse.Status = .ok, maxAge: Int? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let maxAge { headers[.cacheControl] = "public, max-age=\(maxAge)" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, maxAge: Int? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if let maxAge { headers[.cacheControl] = "public, max-age=\(maxAge)" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The spec's error schema: error, status, cause (defaults to error), remediation (omitted when blank).
    static func error(_ failure: UnitError) -> Response {
        let error = failure.error.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = error.isEmpty ? "Request failed." : error
        let cause = failure.cause?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var body = JSONObject()
        body["error"] = .string(message)
        body["status"] = .int(Int64(failure.status))
        body["cause"] = .string(cause.isEmpty ? message : cause)
        if let remediation = failure.remediation?.trimmingCharacters(in: .whitespacesAndNewlines), !remediation.isEmpty {
            body["remediation"] = .string(remediation)
        }
        return json(.object(body), status: HTTPResponse.Status(code: failure.status))
    }
}

extension UnitError {
    /// Werkzeug's default texts for framework-generated errors (spec §1.2).
    static let routeNotFound = UnitError(404, "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")
    static let leaderAPIOnWorker = UnitError(404, "Can't access /api/ endpoints when this unit isn't the leader. Did you mean /unit_api/?")
    static let tooManyRequests = UnitError(429, "Too many requests, please try again later.")
    static let methodNotAllowed = UnitError(405, "The method is not allowed for the requested URL.")
    static let internalError = UnitError(500, "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.")
    static let unsupportedMediaType = UnitError(415, "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.")
    static let malformedRequest = UnitError(400, "The browser (or proxy) sent a request that this server could not understand.")
}
