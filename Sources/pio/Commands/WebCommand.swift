import ArgumentParser
import Foundation
import Logging
import PioreactorCore
import PioreactorJobs
import UnitAPI

/// `pio web` (alias `pio serve`): the Unit API server on this unit's DOT_PIOREACTOR.
struct WebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web",
        abstract: "Serve the Pioreactor Unit API (/unit_api/...).",
        aliases: ["serve"]
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: one the system picks; see --port-file).") var port = 4999
    @Option(help: "Once listening, write the port to this file (for tools that start the server on port 0).")
    var portFile: String?

    func run() async throws {
        let paths = UnitPaths.fromEnvironment()
        let identity = UnitIdentity.resolve()
        // The reference's web API logs as `pioreactor-<unit>-api`, source `ui`, to `ui_log_file`.
        let config = try? ConfigStore(paths: paths).merged()
        let sinks = UnitLogSinks.forWebServer(config: config)
        var logger = Logger(label: "pioreactor-\(identity.name)-api") { UnitLogHandler(label: $0, source: "ui", sinks: sinks) }
        logger.logLevel = ProcessInfo.processInfo.environment["DEBUG"] == "1" ? .debug : .info
        var cluster = ClusterPublisher.none
        if let config, ProcessInfo.processInfo.environment["PIO_MQTT"] != "off" {
            // Logs go to `pioreactor/<unit>/$experiment/logs/ui/<level>`, as the reference's API.
            let bus = UnitBus.connect(
                config: config, clientName: "pioreactor-\(identity.name)-api", unit: identity.name, experiment: "$experiment",
                willTopic: nil, sinks: sinks, logLabel: logger.label, logSource: "ui")
            cluster = bus.publisher
        }
        let services = try UnitServices.start(paths: paths, identity: identity, logger: logger, listeningPort: port, cluster: cluster)
        let (host, portFile, log) = (host, portFile, logger)
        try await UnitApplication.server(services: services, host: host, port: port, logger: logger) { bound in
            log.info("unit \(identity.name) serving DOT_PIOREACTOR=\(paths.dotPioreactor.path) on http://\(host):\(bound)/unit_api")
            if let portFile {
                do {
                    try AtomicFile.write(Data("\(bound)\n".utf8), to: URL(fileURLWithPath: portFile))
                } catch {
                    log.error("could not write the port to \(portFile): \(error)")
                }
            }
        }.run()
    }
}
