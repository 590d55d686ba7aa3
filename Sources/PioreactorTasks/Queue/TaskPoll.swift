import PioreactorCore

/// The answer to `GET /unit_api/task_results/{task_id}` (spec §1.4): an HTTP status and a body.
public struct TaskPoll: Sendable, Equatable {
    public let httpStatus: Int
    public let body: JSONValue

    public init(httpStatus: Int, body: JSONValue) {
        self.httpStatus = httpStatus
        self.body = body
    }

    public static let failureCause = "Huey task failed with an exception."
    public static let failureRemediation = "Check logs and retry."

    /// `/unit_api/task_results/<id>`.
    public static func resultURLPath(_ taskID: String) -> String { "/unit_api/task_results/" + taskID }

    /// Builds the poll answer for a stored row (nil = unknown id, which is pending forever).
    /// `executingAsRunning` picks the careful `running` over the reference's `pending`.
    public static func make(taskID: String, record: TaskRecord?, executingAsRunning: Bool = true) -> TaskPoll {
        var body = JSONObject([
            ("task_id", .string(taskID)),
            ("result_url_path", .string(resultURLPath(taskID))),
        ])
        guard let record else {
            body["status"] = "pending"
            return TaskPoll(httpStatus: 202, body: .object(body))
        }
        switch record.state {
        case .queued:
            body["status"] = "pending"
            return TaskPoll(httpStatus: 202, body: .object(body))
        case .executing:
            body["status"] = executingAsRunning ? "running" : "pending"
            return TaskPoll(httpStatus: 202, body: .object(body))
        case .locked:
            body["status"] = "running"
            body["error"] = "task is locked and already running."
            body["cause"] = "Another task with this ID is currently running."
            body["remediation"] = "Wait for the task to finish, then retry."
            return TaskPoll(httpStatus: 202, body: .object(body))
        case .succeeded:
            body["status"] = "succeeded"
            body["result"] = record.result ?? .null
            return TaskPoll(httpStatus: 200, body: .object(body))
        case .failed:
            body["status"] = "failed"
            body["error"] = .string(record.error ?? "")
            body["cause"] = .string(failureCause)
            body["remediation"] = .string(failureRemediation)
            return TaskPoll(httpStatus: 200, body: .object(body))
        }
    }
}

/// The 202 bodies an async endpoint answers with before any task result exists.
public enum TaskAcceptedBody {
    /// `{"unit","task_id","result_url_path"}` for a newly enqueued task.
    public static func accepted(unit: String, taskID: String) -> JSONValue {
        .object(JSONObject([
            ("unit", .string(unit)),
            ("task_id", .string(taskID)),
            ("result_url_path", .string(TaskPoll.resultURLPath(taskID))),
        ]))
    }

    /// `{"status":"in_progress","lock":<name>}` for a route-level lock pre-check hit.
    public static func inProgress(lock: String) -> JSONValue {
        .object(JSONObject([("status", "in_progress"), ("lock", .string(lock))]))
    }
}

/// A finished task's outcome, for endpoints that wait synchronously.
public enum TaskOutcome: Sendable, Equatable {
    case succeeded(JSONValue)
    case failed(String)
}
