/// A running job selected by `/jobs/stop` or `/jobs/stop/all`.
public struct StoppableJob: Sendable, Equatable {
    public let jobId: Int64
    public let jobName: String
    public let pid: Int64
}
