import ArgumentParser
import Foundation
import PioreactorJobs

/// `pio update-settings <job> --setting value …`: changes settings of a running job over MQTT.
struct UpdateSettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-settings", abstract: "Update settings on a running job, e.g. stirring --target-rpm 500.")

    @Argument(help: "The job.") var job: String
    @Argument(parsing: .captureForPassthrough, help: "--setting value pairs.") var settings: [String] = []

    func run() async throws {
        guard let pairs = SettingsUpdate.pairs(settings) else {
            throw ValidationError(settings.isEmpty ? "Provide at least one setting as --key value." : "Settings must be provided as --key value pairs.")
        }
        try await SettingsUpdate.publish(job: job, settings: pairs, env: ProcessInfo.processInfo.environment)
    }
}
