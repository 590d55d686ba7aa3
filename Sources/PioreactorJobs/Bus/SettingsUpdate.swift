import Foundation
import Logging
import PioreactorCore
import PioreactorMQTT

/// `pio update-settings <job> --key value …`: publishes each value to
/// `pioreactor/<unit>/<experiment>/<job>/<key>/set` with QoS 1 (jobs.md §4), where the running
/// job applies it exactly as a `PATCH /jobs/settings/…`.
public enum SettingsUpdate {
    /// `--key value` pairs in order, dashes in keys turned into underscores; nil when the
    /// arguments are not pairs of that shape.
    public static func pairs(_ arguments: [String]) -> [(setting: String, value: String)]? {
        guard !arguments.isEmpty, arguments.count % 2 == 0 else { return nil }
        var result: [(setting: String, value: String)] = []
        for index in stride(from: 0, to: arguments.count, by: 2) {
            let flag = arguments[index]
            guard flag.hasPrefix("--"), flag.count > 2 else { return nil }
            result.append((String(flag.dropFirst(2)).replacingOccurrences(of: "-", with: "_"), arguments[index + 1]))
        }
        return result
    }

    /// Connects, publishes and disconnects once the broker has acknowledged every message.
    /// Throws when the broker cannot be reached within `timeout`.
    public static func publish(
        job: String, settings: [(setting: String, value: String)], env: [String: String],
        timeout: Duration = .seconds(10)
    ) async throws {
        let paths = UnitPaths.fromEnvironment(env)
        let config = try ConfigStore(paths: paths).merged()
        let environment = try JobEnvironment.resolve(env, longRunning: false)
        // A command-line tool: only problems are worth a line.
        var logger = Logger(label: "update-settings") {
            UnitLogHandler(label: $0, source: "app", sinks: UnitLogSinks(config: config), remote: false)
        }
        logger.logLevel = .warning
        let client = MQTTClient(
            settings: .fromConfig(config, clientId: MQTTConnectionSettings.uniqueClientId("update-settings-\(environment.unit)")),
            will: nil, logger: logger)
        client.start()
        defer { client.disconnect(timeout: timeout) }
        guard await client.waitUntilConnected(timeout: timeout) else {
            throw JobFailure("Unable to connect to the MQTT broker; no setting was sent.")
        }
        for (setting, value) in settings {
            client.publish("pioreactor/\(environment.unit)/\(environment.experiment)/\(job)/\(setting)/set", value, qos: 1, retain: false)
        }
    }
}
