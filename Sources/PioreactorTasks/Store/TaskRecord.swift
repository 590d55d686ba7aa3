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

extension TaskRecord {
    /// The same row after a state change; nil arguments keep what the row had.
    func updating(
        state: TaskState, result: JSONValue? = nil, error: String? = nil, finishedAt: String? = nil
    ) -> TaskRecord {
        TaskRecord(
            taskID: taskID, name: name, state: state, result: result ?? self.result, error: error ?? self.error,
            createdAt: createdAt, finishedAt: finishedAt ?? self.finishedAt)
    }
}

extension TaskRecord: FetchableRecord {
    /// The message a poll shows for a row whose stored result is not JSON (only a foreign writer makes one).
    static let unreadableResultMessage = "The stored result of this task is not valid JSON."

    public init(row: Row) {
        let stateText: String = row["state"]
        let resultText: String? = row["result"]
        // An unknown state or an unreadable result can only come from a foreign writer:
        // read them as failed, never refuse to open the store.
        var state = TaskState(rawValue: stateText) ?? .failed
        var error: String? = row["error"]
        var result: JSONValue?
        if let resultText {
            if let parsed = try? JSONValue.parse(resultText) {
                result = parsed
            } else {
                state = .failed
                error = Self.unreadableResultMessage
            }
        }
        self.init(
            taskID: row["task_id"], name: row["name"], state: state, result: result, error: error,
            createdAt: row["created_at"], finishedAt: row["finished_at"])
    }
}
