import PioreactorCore
import Testing
@testable import PioreactorTasks

@Suite struct TaskPollTests {
    let id = "86bcf376-0a78-4729-80c6-23e4c9822105"

    func record(_ state: TaskState, result: JSONValue? = nil, error: String? = nil) -> TaskRecord {
        TaskRecord(taskID: id, name: "t", state: state, result: result, error: error, createdAt: "2026-01-01T00:00:00.000Z")
    }

    @Test func unknownIDIsPending() {
        let poll = TaskPoll.make(taskID: "nope", record: nil)
        #expect(poll.httpStatus == 202)
        #expect(poll.body.encoded() == #"{"task_id":"nope","result_url_path":"/unit_api/task_results/nope","status":"pending"}"#)
    }

    @Test func queuedIsPending() {
        let poll = TaskPoll.make(taskID: id, record: record(.queued))
        #expect(poll.httpStatus == 202)
        #expect(poll.body["status"] == "pending")
        #expect(poll.body.objectValue?.keys == ["task_id", "result_url_path", "status"])
    }

    @Test func executingIsRunningCarefullyAndPendingInReferenceMode() {
        let careful = TaskPoll.make(taskID: id, record: record(.executing))
        #expect(careful.httpStatus == 202)
        #expect(careful.body.encoded() == #"{"task_id":"\#(id)","result_url_path":"/unit_api/task_results/\#(id)","status":"running"}"#)
        let reference = TaskPoll.make(taskID: id, record: record(.executing), executingAsRunning: false)
        #expect(reference.body["status"] == "pending")
    }

    @Test func succeededCarriesResultEvenNullOrFalse() {
        let poll = TaskPoll.make(taskID: id, record: record(.succeeded, result: ["ok": true]))
        #expect(poll.httpStatus == 200)
        #expect(poll.body.encoded() == #"{"task_id":"\#(id)","result_url_path":"/unit_api/task_results/\#(id)","status":"succeeded","result":{"ok":true}}"#)
        #expect(TaskPoll.make(taskID: id, record: record(.succeeded, result: .null)).body.encoded().hasSuffix(#""result":null}"#))
        #expect(TaskPoll.make(taskID: id, record: record(.succeeded, result: false)).body["result"] == false)
    }

    @Test func failedIsHTTP200WithCauseAndRemediation() {
        let poll = TaskPoll.make(taskID: id, record: record(.failed, error: "Command exited. Exit code 2."))
        #expect(poll.httpStatus == 200)
        #expect(poll.body.encoded() == #"{"task_id":"\#(id)","result_url_path":"/unit_api/task_results/\#(id)","status":"failed","error":"Command exited. Exit code 2.","cause":"Huey task failed with an exception.","remediation":"Check logs and retry."}"#)
    }

    @Test func referenceLockFailureReadsRunning() {
        let poll = TaskPoll.make(taskID: id, record: record(.locked, error: "TaskLockedException('x')"))
        #expect(poll.httpStatus == 202)
        #expect(poll.body.encoded() == #"{"task_id":"\#(id)","result_url_path":"/unit_api/task_results/\#(id)","status":"running","error":"task is locked and already running.","cause":"Another task with this ID is currently running.","remediation":"Wait for the task to finish, then retry."}"#)
    }

    @Test func acceptedAndInProgressBodies() {
        #expect(TaskAcceptedBody.accepted(unit: "pio01", taskID: id).encoded() == #"{"unit":"pio01","task_id":"\#(id)","result_url_path":"/unit_api/task_results/\#(id)"}"#)
        #expect(TaskAcceptedBody.inProgress(lock: "update-lock").encoded() == #"{"status":"in_progress","lock":"update-lock"}"#)
    }
}
