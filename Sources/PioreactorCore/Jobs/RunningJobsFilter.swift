/// Which running jobs a `/jobs/running…` endpoint lists.
public enum RunningJobsFilter: Sendable, Equatable {
    /// `/jobs/running`
    case all
    /// `/jobs/running/{job_name}`
    case jobName(String)
    /// `/jobs/running/experiments/{experiment}`
    case experiment(String)
    /// `/long_running_jobs/running`
    case longRunning
}
