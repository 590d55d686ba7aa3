import Hummingbird
import PioreactorCore
import PioreactorTasks

extension APIResponse {
    /// `202` with the task body, or `202 {"status":"in_progress","lock":…}` when a pre-check hit.
    static func submitted(_ submission: TaskQueue.Submission, unit: String) -> Response {
        switch submission {
        case .accepted(let taskID): return accepted(unit: unit, taskID: taskID)
        case .inProgress(let lock): return inProgress(lock: lock)
        }
    }

    /// The 202 answer of every endpoint that enqueues a task (spec §1.4).
    static func accepted(unit: String, taskID: String) -> Response {
        json(TaskAcceptedBody.accepted(unit: unit, taskID: taskID), status: .accepted)
    }

    /// The route-level lock pre-check answer (spec §1.4): no task id.
    static func inProgress(lock: String) -> Response {
        json(TaskAcceptedBody.inProgress(lock: lock), status: .accepted)
    }
}
