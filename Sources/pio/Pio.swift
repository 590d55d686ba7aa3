import ArgumentParser

@main
struct Pio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pio",
        abstract: "A Pioreactor unit: the Unit API server, jobs and tools.",
        subcommands: [WebCommand.self, VersionCommand.self, RunCommand.self, KillCommand.self, UpdateSettingsCommand.self]
    )
}
