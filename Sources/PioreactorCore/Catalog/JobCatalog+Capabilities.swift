/// One element of `GET /capabilities`: a job (or automation) merged with its CLI command.
public struct CapabilityEntry: Sendable, Equatable {
    public var jobName: String
    public var automationName: String?
    public var help: String
    public var arguments: [JobArgument]
    public var options: [JobOption]
    /// Includes `$state` for background jobs; empty for CLI-only actions.
    public var publishedSettings: [PublishedSettingSpec]
    public var cliExample: String
    public var leaderOnly: Bool

    public var json: JSONValue {
        var object = JSONObject()
        object["job_name"] = .string(jobName)
        if let automationName { object["automation_name"] = .string(automationName) }
        object["help"] = .string(help)
        object["arguments"] = .array(arguments.map(\.json))
        object["options"] = .array(options.map(\.json))
        object["published_settings"] = .object(JSONObject(publishedSettings.map { ($0.name, $0.json) }))
        object["cli_example"] = .string(cliExample)
        return .object(object)
    }
}

extension JobCatalog {
    /// The capabilities list, sorted by (job_name, automation_name or ""). Leader-only commands
    /// are left out on a worker, so a leader-only background job keeps only its settings there
    /// (the reference registers those commands only when `am_I_leader()`; in testing mode every
    /// unit is leader).
    public func capabilities(isLeader: Bool = true) -> JSONValue {
        .array(capabilityEntries(isLeader: isLeader).map(\.json))
    }

    /// The entries behind `capabilities(isLeader:)`.
    public func capabilityEntries(isLeader: Bool = true) -> [CapabilityEntry] {
        let visible = commands.filter { isLeader || !$0.leaderOnly }
        var entries: [CapabilityEntry] = []
        for job in jobs where isLeader || !job.leaderOnly {
            let command = visible.first { $0.name == job.jobName }
            var options = command?.options ?? []
            let cliExample: String
            if let automation = job.automationName {
                options.removeAll { $0.name == "automation_name" }
                // Each settable setting becomes a flag unless the command already has it.
                for setting in job.publishedSettings where setting.settable && !options.contains(where: { $0.name == setting.name }) {
                    options.append(JobOption(setting.name, type: setting.datatype))
                }
                cliExample = "pio run \(job.jobName) --automation-name \(automation) [OPTIONS]"
            } else {
                cliExample = "pio run \(job.jobName) [OPTIONS]"
            }
            entries.append(CapabilityEntry(
                jobName: job.jobName, automationName: job.automationName, help: command?.help ?? "",
                arguments: command?.arguments ?? [], options: options, publishedSettings: job.allPublishedSettings,
                cliExample: cliExample, leaderOnly: job.leaderOnly || (command?.leaderOnly ?? false)
            ))
        }
        let jobNames = Set(jobs.map(\.jobName))
        for command in visible where !jobNames.contains(command.name) {
            // The reference writes no space before [OPTIONS] after argument names.
            let argumentNames = command.arguments.map { $0.name.uppercased() }.joined(separator: " ")
            entries.append(CapabilityEntry(
                jobName: command.name, automationName: nil, help: command.help, arguments: command.arguments,
                options: command.options, publishedSettings: [], cliExample: "pio run \(command.name) \(argumentNames)[OPTIONS]",
                leaderOnly: command.leaderOnly
            ))
        }
        return entries.sorted { lhs, rhs in
            if lhs.jobName != rhs.jobName { return lhs.jobName.unicodeScalars.lexicographicallyPrecedes(rhs.jobName.unicodeScalars) }
            return (lhs.automationName ?? "").unicodeScalars.lexicographicallyPrecedes((rhs.automationName ?? "").unicodeScalars)
        }
    }
}
