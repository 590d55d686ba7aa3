import Foundation
import Hummingbird
import NIOCore
import PioreactorCore

/// The request-body parsing modes of spec §1.3, with the careful behaviour: a body that
/// cannot be decoded is a 400 carrying the decoder's message, never a 500.
enum RequestBody {
    /// JSON bodies are small; 1 MiB is far above any valid one.
    static let jsonLimit = 1 << 20

    /// The whole body, at most `limit` bytes: a larger declared `Content-Length` is refused before
    /// anything is read, and a chunked body as soon as it passes the limit (413 either way).
    static func bytes(_ request: Request, limit: Int = jsonLimit) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw tooLarge(limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        }
    }

    static func tooLarge(_ limit: Int) -> UnitError {
        UnitError(
            413, "Request body is too large.", cause: "The body exceeds the \(limit) bytes this endpoint accepts.",
            remediation: "Send a smaller body.")
    }

    /// "typed" and "raw" modes: the body must be JSON (an empty body is "truncated").
    static func json(_ request: Request) async throws -> JSONValue {
        let data = try await bytes(request)
        do {
            return try await BodyParsing.parse(data)
        } catch {
            throw UnitError(400, error.message, cause: "Request body is not valid JSON.", remediation: "Send a JSON object body.")
        }
    }

    /// "raw" mode where the handler needs an object.
    static func jsonObject(_ request: Request) async throws -> JSONObject {
        let value = try await json(request)
        guard case .object(let object) = value else {
            throw UnitError(400, "Expected a JSON object, got `\(value.typeName)`.", cause: "Request body is not a JSON object.", remediation: "Send a JSON object body.")
        }
        return object
    }

    /// "lenient" mode: whatever cannot be read as a JSON object counts as `{}`.
    static func lenientObject(_ request: Request) async throws -> JSONObject {
        let data = try await bytes(request)
        return (try? await BodyParsing.parse(data))?.objectValue ?? JSONObject()
    }

    /// Returns nil when the body is empty or not JSON (some endpoints tell that apart).
    static func lenientValue(_ request: Request) async throws -> JSONValue? {
        let data = try await bytes(request)
        return try? await BodyParsing.parse(data)
    }

    /// "strict" mode (Flask `get_json()`): 415 without a JSON content type, 400 when malformed.
    static func strict(_ request: Request) async throws -> JSONValue {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw UnitError.unsupportedMediaType
        }
        let data = try await bytes(request)
        guard let value = try? await BodyParsing.parse(data) else { throw UnitError.malformedRequest }
        return value
    }
}

extension Parameters {
    /// A path parameter, percent-decoded (Hummingbird hands them over raw).
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        // Most parameters have nothing to decode; Foundation's decoder is costly on a hot path.
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        return raw.removingPercentEncoding ?? raw
    }
}
