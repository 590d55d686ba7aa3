import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing
@testable import UnitAPI

/// Bodies over a route's limit are a 413 in the error schema, never a 500, on every route that
/// reads a JSON body.
@Suite struct RequestBodyLimitTests {
    static let bodyRoutes: [(HTTPRequest.Method, String)] = [
        (.patch, "/unit_api/jobs/settings/job_name/stirring"),
        (.post, "/unit_api/jobs/run/job_name/stirring"),
        (.post, "/unit_api/jobs/stop"),
        (.patch, "/unit_api/bioreactor/experiments/exp1"),
        (.patch, "/unit_api/config/specific"),
        (.post, "/unit_api/calibrations/od90"),
        (.post, "/unit_api/system/remove_file"),
        (.post, "/unit_api/plugins/install"),
        (.patch, "/unit_api/hardware/check"),
    ]

    @Test func oversizedBodiesAre413() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        // 1.3 MB of JSON object, like the measured case.
        let big = "{" + (0..<120_000).map { "\"k\($0)\":0" }.joined(separator: ",") + "}"
        #expect(big.utf8.count > UnitAPI.RequestBody.jsonLimit)
        try await unit.withClient { client in
            for (method, path) in Self.bodyRoutes {
                try await client.execute(uri: path, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: big)) { response in
                    #expect(response.status == .contentTooLarge, "\(method) \(path): \(response.status)")
                    #expect(response.json["status"] == 413, "\(method) \(path)")
                    #expect(response.json["error"] == "Request body is too large.", "\(method) \(path)")
                }
            }
        }
    }

    @Test func bodiesUnderTheLimitWithManyKeysStillWork() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let settings = (0..<40_000).map { "\"s\($0)\":1" }.joined(separator: ",")
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring", method: .patch,
                                     body: ByteBuffer(string: #"{"settings": {\#(settings)}}"#)) { response in
                #expect(response.status == .notFound)
                #expect(response.json["error"] == "Job not running.")
            }
        }
    }
}
