import Foundation
import PioreactorCore

extension RequestBody {
    /// "raw" mode on bytes already read (for handlers that first look at the raw body).
    static func json(_ data: Data) async throws -> JSONValue {
        do {
            return try await BodyParsing.parse(data)
        } catch {
            throw UnitError(400, error.message, cause: "Request body is not valid JSON.", remediation: "Send a JSON object body.")
        }
    }
}
