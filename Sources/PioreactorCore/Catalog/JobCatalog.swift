/// Everything `pio run` can start on a unit: the CLI commands and the background jobs behind
/// them. It drives `GET /capabilities` (unit-api.md §3.9) and, later, `pio run --help`.
public struct JobCatalog: Sendable {
    public var commands: [CLICommand]
    public var jobs: [BackgroundJobSpec]

    public init(commands: [CLICommand], jobs: [BackgroundJobSpec]) {
        self.commands = commands
        self.jobs = jobs
    }

    /// The built-in jobs and actions of the reference (plugins not included).
    public static let builtIn = JobCatalog(
        commands: pumpsCommands + stirringCommands + odReadingCommands + growthRateCommands
            + dosingAutomationCommands + ledAutomationCommands + temperatureAutomationCommands + unitCommands
            + leaderCommands,
        jobs: stirringJobs + odReadingJobs + growthRateJobs + dosingAutomationJobs + ledAutomationJobs
            + temperatureAutomationJobs + unitJobs + leaderJobs
    )

    /// The command with this name (`od_blank delete` for a subcommand).
    public func command(named name: String) -> CLICommand? {
        commands.first { $0.name == name }
    }

    /// The background job spec for a job, or for one of its automations.
    public func job(named name: String, automation: String? = nil) -> BackgroundJobSpec? {
        jobs.first { $0.jobName == name && $0.automationName == automation }
    }

    /// The automations an automation job offers (`chemostat`, `turbidostat`, …).
    public func automations(of jobName: String) -> [String] {
        jobs.filter { $0.jobName == jobName }.compactMap(\.automationName)
    }
}
