import Foundation
import HummingbirdTesting
import PioreactorCore
import Testing

@Suite struct TaskRoutesTests {
    @Test func unknownTaskIsPendingForever() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            let response = try await client.send("/task_results/not-a-real-id", .get)
            #expect(response.status == .accepted)
            #expect(response.headers[.cacheControl] == nil)
            #expect(response.text == #"{"task_id":"not-a-real-id","result_url_path":"/unit_api/task_results/not-a-real-id","status":"pending"}"#)
        }
    }

    @Test func finishedTasksAnswer200AndRepeat() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let succeeded = try await unit.services.tasks.submit(name: "demo") { ["ok": true] }
        let failed = try await unit.services.tasks.submit(name: "demo") { throw TaskFailureForTest() }
        await unit.services.tasks.waitUntilIdle()
        try await unit.withClient { client in
            for _ in 0..<2 {
                let response = try await client.send("/task_results/\(succeeded)", .get)
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == nil)
                #expect(response.text == #"{"task_id":"\#(succeeded)","result_url_path":"/unit_api/task_results/\#(succeeded)","status":"succeeded","result":{"ok":true}}"#)
            }
            let failure = try await client.send("/task_results/\(failed)", .get)
            #expect(failure.status == .ok)
            #expect(failure.json.objectValue?.keys == ["task_id", "result_url_path", "status", "error", "cause", "remediation"])
            #expect(failure.json["error"] == "boom")
            #expect(failure.json["cause"] == "Huey task failed with an exception.")
        }
    }

    @Test func taskResultsIsGetOnly() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            expectError(try await client.send("/task_results/x", .post), 405, error: "The method is not allowed for the requested URL.")
        }
    }
}

struct TaskFailureForTest: Error, CustomStringConvertible {
    var description: String { "boom" }
}
