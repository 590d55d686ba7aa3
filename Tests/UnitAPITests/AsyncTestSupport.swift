import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import PioreactorTasks
import Synchronization
import Testing
@testable import UnitAPI

extension TestClientProtocol {
    /// Sends `body` (as given, no Content-Type unless set) and returns the response.
    func send(_ path: String, _ method: HTTPRequest.Method = .post, body: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: "/unit_api" + path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Polls a 202 task answer until it is terminal; returns the final poll body.
    func result(of accepted: TestResponse, timeout: Duration = .seconds(10),
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        #expect(accepted.status == .accepted, "not accepted: \(accepted.text)", sourceLocation: sourceLocation)
        #expect(accepted.json.objectValue?.keys == ["unit", "task_id", "result_url_path"], sourceLocation: sourceLocation)
        let taskID = accepted.json["task_id"]?.stringValue ?? "missing"
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let poll = try await send("/task_results/\(taskID)", .get)
            let status = poll.json["status"]?.stringValue
            if status == "succeeded" || status == "failed" {
                #expect(poll.status == .ok, sourceLocation: sourceLocation)
                return poll.json
            }
            #expect(poll.status == .accepted, sourceLocation: sourceLocation)
            if ContinuousClock.now >= deadline {
                Issue.record("task \(taskID) still \(status ?? "?")", sourceLocation: sourceLocation)
                return poll.json
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension TestUnit {
    /// The dry-run system actions recorded so far, as `{"action","args","at"}` objects.
    func recordedActions() -> [JSONValue] {
        let log = paths.runPioreactor.appendingPathComponent("system_actions.log")
        guard let data = FileManager.default.contents(atPath: log.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
    }

    func recordedActionNames() -> [String] { recordedActions().compactMap { $0["action"]?.stringValue } }

    /// Holds `lock` with a queued task until the returned closure is called.
    func holdLock(_ lock: String) async throws -> @Sendable () -> Void {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        try await services.tasks.submit(name: "hold_\(lock)", lock: lock) {
            for await _ in stream {}
            return true
        }
        // Wait until the worker has actually taken it.
        while await !services.tasks.isLocked(lock) { try await Task.sleep(for: .milliseconds(5)) }
        return { continuation.finish() }
    }
}

/// Asserts a 202 `{"status":"in_progress","lock":…}` pre-check answer.
func expectInProgress(_ response: TestResponse, lock: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.status == .accepted, sourceLocation: sourceLocation)
    #expect(response.text == #"{"status":"in_progress","lock":"\#(lock)"}"#, sourceLocation: sourceLocation)
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

/// Unix seconds that move only when a test steps them.
final class SteppedClock: Sendable {
    private let seconds = Mutex(Date().timeIntervalSince1970)

    var now: @Sendable () -> Double { { [self] in seconds.withLock { $0 } } }

    func advance(_ delta: Double) { seconds.withLock { $0 += delta } }
}
