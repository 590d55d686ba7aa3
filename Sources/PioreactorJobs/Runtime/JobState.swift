/// `$state` values of jobs.md §3.
public enum JobState: String, Sendable, Equatable {
    case initializing = "init"
    case ready
    case sleeping
    case disconnected
    case lost
}
