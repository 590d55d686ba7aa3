import Foundation
import PioreactorCore
import Testing
@testable import UnitAPI

/// Against the real server: a declared `Content-Length` over the limit is answered 413 at once,
/// without waiting for (or reading) the body.
@Suite(.serialized) struct DeclaredBodyLimitTests {
    @Test func aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyArrives() async throws {
        let unit = try LiveUnit(speedup: 1)
        defer { unit.close() }
        let port = try await unit.startServer().port
        // Headers only: the 2 MB body never comes.
        let answer = LiveUnit.rawRequest(port: port, "PATCH /unit_api/jobs/settings/job_name/stirring HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(2 << 20)\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        #expect(answer.contains(#""error":"Request body is too large.""#))
    }
}
