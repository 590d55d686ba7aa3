import MQTTTestSupport
import Logging
import PioreactorMQTT
import Testing

@Suite("MQTT authentication")
struct AuthenticationTests {
    @Test("A wrong password keeps the client disconnected with a single warning, and does not crash")
    func wrongPassword() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let recorder = LogRecorder()
        let connects = Counter()
        let client = MQTTClient(
            settings: broker.settings(clientId: "bad-password", password: "not-raspberry"), will: nil,
            logger: recorder.logger()
        )
        client.onConnect { connects.increment() }
        client.start()
        client.publish("pioreactor/u1/exp1/x", "queued", qos: 1, retain: false)

        // Wait for at least three refused attempts (the first warns, each later one logs once at debug).
        #expect(await eventually { recorder.messages(at: .debug).filter { $0.contains("not authorised") }.count >= 2 })
        #expect(!client.isConnected)
        #expect(connects.current == 0)
        let warnings = recorder.messages(at: .warning)
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.contains("not authorised") == true)
        #expect(await client.waitUntilConnected(timeout: .milliseconds(200)) == false)
        let debugLines = recorder.messages(at: .debug).filter { $0.contains("unavailable") }
        #expect(debugLines.allSatisfy { $0.contains("not authorised") }, "one debug line per retry: \(debugLines)")
        client.disconnect(timeout: .milliseconds(200))
        #expect(!client.isConnected)
    }
}
