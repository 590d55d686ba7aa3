import GRDB
import PioreactorCore

/// One row of the task store.
public struct TaskRecord: Sendable, Equatable {
    public let taskID: String
    public let name: String
    public let state: TaskState
    /// The returned value of a succeeded task (JSON `null` is `.null`, not nil).
    public let result: JSONValue?
    public let error: String?
    public let createdAt: String
    public let finishedAt: String?

    public init(
        taskID: String, name: String, state: TaskState, result: JSONValue? = nil, error: String? = nil,
        createdAt: String, finishedAt: String? = nil
    ) {
        self.taskID = taskID
        self.name = name
        self.state = state
        self.result = result
        self.error = error
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

extension TaskRecord: FetchableRecord {
    public init(row: Row) throws {
        let stateText: String = row["state"]
        let resultText: String? = row["result"]
        self.init(
            taskID: row["task_id"],
            name: row["name"],
            // An unknown state can only come from a foreign writer; read it as failed, never crash.
            state: TaskState(rawValue: stateText) ?? .failed,
            result: try resultText.map { text in try JSONValue.parse(text) },
            error: row["error"],
            createdAt: row["created_at"],
            finishedAt: row["finished_at"]
        )
    }
}
