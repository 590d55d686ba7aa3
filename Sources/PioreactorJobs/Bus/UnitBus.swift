import Foundation
import Logging
import PioreactorCore
import PioreactorMQTT

/// A job process's line to the cluster: its MQTT client (or none, offline) and the topic prefix
/// `pioreactor/<unit>/<experiment>/`. Publishing never blocks and never fails: with the broker
/// away the client queues a bounded number of messages and the job goes on.
public final class UnitBus: Sendable {
    public let unit: String
    public let experiment: String
    let client: MQTTClient?

    public init(client: MQTTClient?, unit: String, experiment: String) {
        self.client = client
        self.unit = unit
        self.experiment = experiment
    }

    /// No broker at all (tests that build a context by hand).
    public static func offline(unit: String, experiment: String) -> UnitBus {
        UnitBus(client: nil, unit: unit, experiment: experiment)
    }

    /// Connects in the background to the broker of `config`, with `will` (full topic) as the
    /// retained QoS 2 last will. Logs from `sinks` go to `logs/<source>/<level>` from now on; the
    /// client's own messages (broker lost, reconnected) go to the file and console only.
    public static func connect(
        config: MergedConfig, clientName: String, unit: String, experiment: String,
        willTopic: String?, sinks: UnitLogSinks, logLabel: String, logSource: String
    ) -> UnitBus {
        var logger = Logger(label: logLabel) { UnitLogHandler(label: $0, source: logSource, sinks: sinks, remote: false) }
        logger.logLevel = .info
        let settings = MQTTConnectionSettings.fromConfig(
            config, clientId: MQTTConnectionSettings.uniqueClientId("\(clientName)-\(unit)-\(experiment)"))
        let will = willTopic.map { MQTTMessage(topic: $0, text: JobState.lost.rawValue, qos: 2, retain: true) }
        let client = MQTTClient(settings: settings, will: will, logger: logger)
        let bus = UnitBus(client: client, unit: unit, experiment: experiment)
        // The sinks keep the bus (and its client) alive for as long as the process logs.
        sinks.setRemote { record in
            bus.publish("logs/\(record.source)/\(record.topicLevel)", record.payload, qos: 0, retain: false)
        }
        client.start()
        return bus
    }

    /// `pioreactor/<unit>/<experiment>/<path>`.
    public func topic(_ path: String) -> String { "pioreactor/\(unit)/\(experiment)/\(path)" }

    /// Publishes under this unit and experiment.
    public func publish(_ path: String, _ text: String, qos: Int, retain: Bool) {
        client?.publish(topic(path), text, qos: qos, retain: retain)
    }

    /// Full-topic publishing for the API server.
    public var publisher: ClusterPublisher {
        ClusterPublisher { [client] topic, payload, qos, retain in client?.publish(topic, payload, qos: qos, retain: retain) }
    }

    /// Messages on a full topic filter; nil offline.
    public func subscribe(_ filter: String, qos: Int = 1) -> AsyncStream<MQTTMessage>? {
        client?.subscribe(filter, qos: qos)
    }

    /// Runs after every (re)connect, on the client's thread.
    public func onConnect(_ handler: @escaping @Sendable () -> Void) {
        client?.onConnect(handler)
    }

    /// Sends what is queued (bounded wait) and disconnects cleanly, so no last will is published.
    public func close(timeout: Duration = .seconds(2)) {
        client?.disconnect(timeout: timeout)
    }
}
