import ArgumentParser
import PioreactorJobs

/// `pio kill`: sends SIGINT to running jobs that match all the given filters (jobs.md §7).
struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Stop jobs by sending them SIGINT.")

    @Option(name: .customLong("job-name"), help: "Only jobs with this name.") var jobName: String?
    @Option(help: "Only jobs of this experiment.") var experiment: String?
    @Option(name: .customLong("job-source"), help: "Only jobs with this job_source.") var jobSource: String?
    @Option(name: .customLong("job-id"), help: "Only the job with this id.") var jobId: Int64?
    @Flag(name: .customLong("all-jobs"), help: "All running jobs except long-running ones.") var allJobs = false

    func run() async throws {
        let count = try await JobKiller.kill(
            jobName: jobName, experiment: experiment, jobSource: jobSource, jobId: jobId, allJobs: allJobs)
        print("Killed \(count) job\(count == 1 ? "" : "s").")
    }
}
