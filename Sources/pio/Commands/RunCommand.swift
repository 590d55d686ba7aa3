import ArgumentParser
import Foundation
import PioreactorCore
import PioreactorJobs

/// `pio run <job> [--options]`: runs one job in this process until it finishes or is stopped.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a job on this unit.",
        discussion: "Jobs: " + JobLauncher.runnable.joined(separator: ", ")
            + ".\nUse `pio run <job> --help` for a job's options (from the job catalog)."
    )

    @Argument(help: "The job to run.") var jobName: String
    @Argument(parsing: .captureForPassthrough, help: "The job's options, e.g. --target-rpm 400.")
    var options: [String] = []

    func run() async throws {
        if options.contains("--help") || options.contains("-h") {
            guard let command = JobCatalog.builtIn.command(named: jobName) else {
                throw ValidationError("No such command '\(jobName)'.")
            }
            print(RunArguments.help(for: command))
            return
        }
        let code = await JobLauncher.run(jobName: jobName, arguments: options)
        if code != 0 { throw ExitCode(code) }
    }
}
