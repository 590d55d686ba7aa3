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

    @Argument(
        parsing: .captureForPassthrough,
        help: "[--config-override SECTION KEY VALUE]… <job> [options], e.g. stirring --target-rpm 400.")
    var arguments: [String] = []

    func run() async throws {
        let (overrides, rest): ([ConfigOverride], [String])
        do {
            (overrides, rest) = try ConfigOverride.splitLeading(arguments)
        } catch {
            throw ValidationError(error.description)
        }
        guard let jobName = rest.first, !jobName.hasPrefix("-") else {
            if rest.first == "--help" || rest.first == "-h" { throw CleanExit.helpRequest(self) }
            throw ValidationError("Missing argument '<job>'.")
        }
        let options = Array(rest.dropFirst())
        if options.contains("--help") || options.contains("-h") {
            guard let command = JobCatalog.builtIn.command(named: jobName) else {
                throw ValidationError("No such command '\(jobName)'.")
            }
            print(RunArguments.help(for: command))
            return
        }
        let code = await JobLauncher.run(jobName: jobName, arguments: options, configOverrides: overrides)
        if code != 0 { throw ExitCode(code) }
    }
}
