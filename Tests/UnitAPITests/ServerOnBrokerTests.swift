import Foundation
import MQTTTestSupport
import PioreactorCore
import PioreactorMQTT
import Testing

/// The real `pio web` with a broker: what it publishes itself, and jobs it starts over HTTP
/// reaching the broker; and without one, nothing waits for it.
@Suite(.serialized) struct ServerOnBrokerTests {
    @Test func bioreactorValuesAndServerLogsArePublished() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let unit = try LiveUnit(speedup: 20, brokerPort: broker.port)
        defer { unit.close() }
        let client = MQTTClient(settings: broker.settings(clientId: "ui"), will: nil, logger: .init(label: "ui"))
        let seen = MessageCollector(client.subscribe("pioreactor/pioleader/#", qos: 2))
        client.start()
        defer { client.disconnect() }
        #expect(await client.waitUntilConnected(timeout: .seconds(10)))
        let port = try await unit.startServer().port

        let patch = await unit.request(port, "PATCH", "/bioreactor/experiments/exp1", #"{"values": {"current_volume_ml": 12.5}}"#)
        #expect(patch?.status == 200)
        #expect(await eventually(timeout: .seconds(10)) {
            seen.messages.contains { $0.topic == "pioreactor/pioleader/exp1/bioreactor/current_volume_ml" && $0.text == "12.5" && $0.qos == 2 }
        })
        // A refused update is logged as an error, also to the broker (source ui, `$experiment`).
        _ = await unit.request(port, "PATCH", "/bioreactor/experiments/exp1", #"{"values": {"current_volume_ml": -1}}"#)
        #expect(await eventually(timeout: .seconds(10)) {
            seen.messages.contains { $0.topic == "pioreactor/pioleader/$experiment/logs/ui/error" && $0.text.contains("bioreactor update refused") }
        }, "\(seen.messages.map(\.topic))")

        // A job started over HTTP publishes its state to the same broker.
        let run = await unit.request(port, "POST", "/jobs/run/job_name/stirring", #"{"options": {}, "env": {"EXPERIMENT": "exp1"}}"#)
        #expect(run?.status == 202)
        #expect(await eventually(timeout: .seconds(20)) {
            seen.messages.contains { $0.topic == "pioreactor/pioleader/exp1/stirring/$state" && $0.text == "ready" }
        })
        // Stopping it from the leader's side: `$state/set` over MQTT.
        client.publish("pioreactor/pioleader/exp1/stirring/$state/set", "disconnected", qos: 1, retain: false)
        #expect(try await unit.waitFor(port, "/jobs/running") { $0.arrayValue?.isEmpty == true })
    }

    @Test func noBrokerDelaysNothing() async throws {
        // The port of a broker that is not there (mosquitto cannot take port 0, so the broker
        // tests pick one): every connection is refused at once.
        let unit = try LiveUnit(speedup: 20, brokerPort: try TestBroker.freePort())
        defer { unit.close() }
        let port = try await unit.startServer().port
        #expect(await unit.request(port, "PATCH", "/bioreactor/experiments/exp1", #"{"values": {"current_volume_ml": 12.5}}"#)?.status == 200)
        #expect(await unit.request(port, "POST", "/jobs/run/job_name/stirring", #"{"options": {}, "env": {"EXPERIMENT": "exp1"}}"#)?.status == 202)
        #expect(try await unit.waitFor(port, "/jobs/settings/job_name/stirring") { $0["settings"]?["$state"] == "ready" })
        #expect(await unit.request(port, "PATCH", "/jobs/settings/job_name/stirring", #"{"settings": {"target_rpm": 321}}"#)?.status == 200)
        #expect(try await unit.waitFor(port, "/jobs/settings/job_name/stirring/setting/target_rpm", seconds: 5) {
            $0["target_rpm"]?.numberValue == 321
        })
        // One warning about the broker in the job's log, not one per message.
        let log = try String(contentsOf: unit.logFile, encoding: .utf8)
        let warnings = log.split(separator: "\n").filter { $0.contains("[stirring] WARNING") && $0.contains("MQTT") }
        #expect(warnings.count == 1, "\(warnings)")
    }
}
