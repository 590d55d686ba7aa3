import MQTTTestSupport
import Foundation
import Logging
import PioreactorMQTT
import Testing

@Suite("MQTT client resilience to configuration and network errors")
struct ResilienceTests {
    @Test("An unresolvable host keeps retrying in the background (libmosquitto's own loop would give up)")
    func unresolvableHost() async throws {
        let recorder = LogRecorder()
        let settings = MQTTConnectionSettings(host: "no-such-leader.invalid", port: 1883, clientId: "dns-failure")
        let client = MQTTClient(settings: settings, will: nil, logger: recorder.logger())
        let elapsed = ContinuousClock().measure { client.start() }
        #expect(elapsed < .milliseconds(100))
        #expect(await eventually { recorder.messages(at: .debug).contains { $0.contains("still unavailable") } })
        #expect(recorder.count(at: .warning) == 1)
        #expect(!client.isConnected)
        client.disconnect(timeout: .milliseconds(100))
    }

    @Test("TLS verifies the broker against the system CAs: a self-signed broker is refused, and retried")
    func tlsRejectsUntrustedBroker() async throws {
        let certificates = FileManager.default.temporaryDirectory
            .appendingPathComponent("mqtt-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: certificates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: certificates) }
        let key = certificates.appendingPathComponent("key.pem").path
        let cert = certificates.appendingPathComponent("cert.pem").path
        try TestBroker.run(
            try TestBroker.executable("openssl"),
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
             "-subj", "/CN=127.0.0.1"]
        )
        _ = try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let broker = try TestBroker(listenerOptions: "certfile \(cert)\nkeyfile \(key)")
        try broker.start()
        defer { broker.stop() }

        let recorder = LogRecorder()
        var settings = broker.settings(clientId: "tls-untrusted")
        settings.useTLS = true
        let client = MQTTClient(settings: settings, will: nil, logger: recorder.logger())
        client.start()
        #expect(await eventually { recorder.messages(at: .debug).contains { $0.contains("still unavailable") } })
        #expect(!client.isConnected)
        #expect(recorder.count(at: .error) == 0, "TLS setup itself must succeed: \(recorder.messages(at: .error))")
        let warnings = recorder.messages(at: .warning)
        #expect(warnings.count == 1 && warnings[0].contains("certificate verify failed"), "\(warnings)")
        client.disconnect(timeout: .milliseconds(100))
    }

    @Test("Releasing a started client without disconnect() stops its network thread")
    func releaseWithoutDisconnect() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let recorder = LogRecorder()
        do {
            let client = MQTTClient(settings: broker.settings(clientId: "released"), will: nil, logger: recorder.logger())
            client.start()
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            client.publish("a/b", "bye", qos: 1, retain: false)
        }
        #expect(await eventually { recorder.messages(at: .debug).contains { $0.contains("network thread") } })
    }
}
