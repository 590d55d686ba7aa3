import Foundation
import MQTTTestSupport
import PioreactorCore
import PioreactorMQTT
import Testing
@testable import PioreactorJobs

/// Real `pio run` processes against a real mosquitto with a password file, as on a cluster.
@Suite(.serialized) struct JobsOnBrokerTests {
    /// A unit whose `[mqtt]` points at `broker`.
    func unit(_ broker: TestBroker) throws -> TempUnit {
        let unit = try TempUnit(speedup: 50)
        let config = unit.dot.appendingPathComponent("config.ini")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "broker_port=1883", with: "broker_port=\(broker.port)")
        try text.write(to: config, atomically: true, encoding: .utf8)
        return unit
    }

    func spawn(_ arguments: [String], unit: TempUnit) throws -> Process {
        let process = Process()
        process.executableURL = PioProcessTests.pioURL
        process.arguments = arguments
        process.environment = unit.env.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A client watching `pioreactor/unit1/#`.
    func watch(_ broker: TestBroker, _ name: String) async throws -> (MQTTClient, MessageCollector) {
        let client = MQTTClient(settings: broker.settings(clientId: name), will: nil, logger: .init(label: name))
        let collector = MessageCollector(client.subscribe("pioreactor/unit1/#", qos: 2))
        client.start()
        #expect(await client.waitUntilConnected(timeout: .seconds(10)))
        return (client, collector)
    }

    func last(_ collector: MessageCollector, _ topic: String) -> MQTTMessage? {
        collector.messages.last { $0.topic == topic }
    }

    let prefix = "pioreactor/unit1/exp1/stirring"

    @Test func settingsAreRetainedAndSetMessagesChangeTheJob() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let unit = try unit(broker)
        defer { unit.remove() }
        let job = try spawn(["run", "stirring", "--target-rpm", "400"], unit: unit)
        defer { if job.isRunning { kill(job.processIdentifier, SIGKILL) } }
        let store = try unit.store()
        #expect(try await eventually(timeout: 15) { try await store.setting(jobName: "stirring", setting: "$state") == .string("ready") })

        let (client, seen) = try await watch(broker, "watcher")
        defer { client.disconnect() }
        #expect(try await eventually(timeout: 10) { last(seen, "\(prefix)/$state")?.text == "ready" })
        // A client that connects later gets the state and settings as retained messages.
        let (late, retained) = try await watch(broker, "late")
        #expect(try await eventually(timeout: 5) {
            retained.messages.contains { $0.topic == "\(prefix)/target_rpm" && $0.text == "400.0" && $0.retain && $0.qos == 2 }
        })
        #expect(retained.messages.contains { $0.topic == "\(prefix)/$state" && $0.text == "ready" && $0.retain })
        late.disconnect()
        #expect(try await eventually(timeout: 10) { last(seen, "\(prefix)/measured_rpm")?.text.hasPrefix("{\"measured_rpm\":") == true })
        // Each feedback cycle logs the PID's terms on `pid_log/rpm`, QoS 0 and not retained.
        let pidTopic = "pioreactor/unit1/exp1/pid_log/rpm"
        #expect(try await eventually(timeout: 10) { seen.messages.contains { $0.topic == pidTopic } })
        let pidLog = try #require(seen.messages.first { $0.topic == pidTopic })
        #expect(!pidLog.retain && pidLog.qos == 0)
        let pidRecord = try JSONValue.parse(Data(pidLog.text.utf8))
        #expect(pidRecord.objectValue?.keys.first == "setpoint" && pidRecord["output_limits_ub"] == .double(7.5))
        #expect(pidRecord["job_name"] == "stirring" && pidRecord["target_name"] == "rpm")

        // `/set` goes through the same path as PATCH: the DB row and the retained topic change.
        client.publish("\(prefix)/target_rpm/set", "550", qos: 1, retain: false)
        #expect(try await eventually(timeout: 5) { try await store.setting(jobName: "stirring", setting: "target_rpm") == .double(550) })
        #expect(try await eventually(timeout: 5) { last(seen, "\(prefix)/target_rpm")?.text == "550.0" })
        // A read-only setting is refused with the reference's warning; the value stays.
        client.publish("\(prefix)/measured_rpm/set", "1", qos: 1, retain: false)
        // The `$broadcast` form reaches the job too, and so does `pio update-settings`.
        client.publish("pioreactor/$broadcast/exp1/stirring/target_rpm/set", "560", qos: 1, retain: false)
        #expect(try await eventually(timeout: 5) { last(seen, "\(prefix)/target_rpm")?.text == "560.0" })
        let update = try spawn(["update-settings", "stirring", "--target-rpm", "600"], unit: unit)
        update.waitUntilExit()
        #expect(update.terminationStatus == 0)
        #expect(try await eventually(timeout: 5) { last(seen, "\(prefix)/target_rpm")?.text == "600.0" })

        // Logs are published with the reference's payload, and written to the log file.
        #expect(try await eventually(timeout: 5) {
            seen.messages.contains { $0.topic == "pioreactor/unit1/exp1/logs/app/warning" && $0.text.contains("`measured_rpm` is read-only") }
        })
        let info = try #require(seen.messages.first { $0.topic == "pioreactor/unit1/exp1/logs/app/info" && $0.text.contains("Updated target_rpm") })
        let payload = try JSONValue.parse(Data(info.text.utf8))
        #expect(payload["task"] == "stirring" && payload["source"] == "app" && payload["level"] == "INFO")
        #expect(try String(contentsOf: unit.logFile, encoding: .utf8).contains("[stirring] INFO Updated target_rpm from 560.0 RPM to 600.0 RPM."))

        // `$state/set`: sleeping, then disconnected stops the job cleanly.
        client.publish("\(prefix)/$state/set", "sleeping", qos: 1, retain: false)
        #expect(try await eventually(timeout: 5) { last(seen, "\(prefix)/$state")?.text == "sleeping" })
        #expect(try await eventually(timeout: 5) { last(seen, "\(prefix)/duty_cycle")?.text == "0.0" })
        client.publish("\(prefix)/$state/set", "disconnected", qos: 1, retain: false)
        #expect(try await eventually(timeout: 10) { !job.isRunning })
        // The broker may still be forwarding the job's last messages to the watcher.
        #expect(try await eventually(timeout: 5) { last(seen, "\(prefix)/$state")?.text == "disconnected" })
        // Non-persistent settings were cleared: a new subscriber sees no retained target_rpm.
        let (fresh, after) = try await watch(broker, "after")
        defer { fresh.disconnect() }
        #expect(try await eventually(timeout: 5) { last(after, "\(prefix)/$state")?.text == "disconnected" })
        #expect(last(after, "\(prefix)/target_rpm") == nil)
    }

    @Test func sigkillLeavesTheLastWill() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let unit = try unit(broker)
        defer { unit.remove() }
        let (client, seen) = try await watch(broker, "will")
        defer { client.disconnect() }
        let job = try spawn(["run", "stirring"], unit: unit)
        defer { if job.isRunning { kill(job.processIdentifier, SIGKILL) } }
        #expect(try await eventually(timeout: 15) { last(seen, "\(prefix)/$state")?.text == "ready" })
        kill(job.processIdentifier, SIGKILL)
        #expect(try await eventually(timeout: 10) { last(seen, "\(prefix)/$state")?.text == "lost" })
        #expect(last(seen, "\(prefix)/$state")?.retain == false, "delivered live")
    }

    @Test func theJobOutlivesABrokerRestart() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let unit = try unit(broker)
        defer { unit.remove() }
        let job = try spawn(["run", "stirring", "--target-rpm", "400"], unit: unit)
        defer { if job.isRunning { kill(job.processIdentifier, SIGKILL) } }
        let store = try unit.store()
        #expect(try await eventually(timeout: 15) { try await store.setting(jobName: "stirring", setting: "$state") == .string("ready") })

        broker.stop()
        // Without a broker the job keeps running and keeps writing its readings locally.
        let before = try await store.setting(jobName: "stirring", setting: "measured_rpm")
        #expect(try await eventually(timeout: 10) { try await store.setting(jobName: "stirring", setting: "measured_rpm") != before })
        #expect(job.isRunning)
        // A PATCH-style change applies with no broker at all.
        try await store.requestSettingChange(jobName: "stirring", settings: JSONObject([("target_rpm", .double(450))]))
        #expect(try await eventually(timeout: 5) { try await store.setting(jobName: "stirring", setting: "target_rpm") == .double(450) })

        // The restarted broker has no retained messages: the job republishes its state and settings.
        try broker.start()
        let (client, seen) = try await watch(broker, "restart")
        defer { client.disconnect() }
        #expect(try await eventually(timeout: 40) { last(seen, "\(prefix)/$state")?.text == "ready" })
        #expect(try await eventually(timeout: 5) { last(seen, "\(prefix)/target_rpm")?.text == "450.0" })
        // And its subscriptions are back.
        client.publish("\(prefix)/target_rpm/set", "500", qos: 1, retain: false)
        #expect(try await eventually(timeout: 5) { try await store.setting(jobName: "stirring", setting: "target_rpm") == .double(500) })
        kill(job.processIdentifier, SIGTERM)
        #expect(try await eventually(timeout: 10) { !job.isRunning })
    }

    @Test func pumpsAndLEDsPublishTheirEvents() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let unit = try unit(broker)
        defer { unit.remove() }
        let (client, seen) = try await watch(broker, "events")
        defer { client.disconnect() }
        let pump = try spawn(["run", "add_media", "--duration", "2", "--source-of-event", "test"], unit: unit)
        pump.waitUntilExit()
        #expect(pump.terminationStatus == 0)
        #expect(try await eventually(timeout: 5) {
            seen.messages.filter { $0.topic == "pioreactor/unit1/exp1/dosing_events" }.count >= 4
        })
        let event = try JSONValue.parse(Data(try #require(seen.messages.first { $0.topic == "pioreactor/unit1/exp1/dosing_events" }).text.utf8))
        guard case .object(let fields) = event else { Issue.record("not an object"); return }
        #expect(fields.entries.map(\.key) == ["volume_change", "event", "source_of_event", "timestamp"])
        #expect(event["event"] == "add_media" && event["source_of_event"] == "test")
        #expect(try await eventually(timeout: 5) { last(seen, "pioreactor/unit1/exp1/bioreactor/current_volume_ml") != nil })
        #expect(last(seen, "pioreactor/unit1/exp1/bioreactor/current_volume_ml")?.retain == false)
        #expect(Double(last(seen, "pioreactor/unit1/exp1/bioreactor/current_volume_ml")?.text ?? "") != nil)
        // The watcher may still be receiving the pump's last messages.
        #expect(try await eventually(timeout: 5) { last(seen, "pioreactor/unit1/exp1/add_media/$state")?.text == "disconnected" })

        let leds = try spawn(["run", "led_intensity", "--A", "20", "--B", "5"], unit: unit)
        leds.waitUntilExit()
        #expect(try await eventually(timeout: 5) { last(seen, "pioreactor/unit1/exp1/leds/intensity")?.text == #"{"A":20.0,"B":5.0,"C":0.0,"D":0.0}"# })
        let changes = seen.messages.filter { $0.topic == "pioreactor/unit1/exp1/led_change_events" }.map(\.text)
        #expect(changes.count == 2 && changes[0].hasPrefix(#"{"channel":"A","intensity":20.0,"source_of_event":"CLI","timestamp":""#))
        let off = try spawn(["kill", "--job-name", "led_intensity"], unit: unit)
        off.waitUntilExit()
    }
}
