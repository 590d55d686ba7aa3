import Logging
import MQTTTestSupport
import PioreactorMQTT
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("MQTT client in a process with many open files")
struct DescriptorTests {
    @Test("Sockets numbered above FD_SETSIZE (1024) still connect, publish and receive")
    func highDescriptorNumbers() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        // Take every free descriptor below 1024, so all of the client's sockets get numbers above select()'s limit.
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        while fillers.count < 1100 {
            let fd = open("/dev/null", O_RDONLY)
            guard fd >= 0 else { break }
            fillers.append(fd)
            if fd >= 1023 { break }
        }
        #expect(fillers.last ?? 0 >= 1023)

        let recorder = LogRecorder()
        let client = MQTTClient(settings: broker.settings(clientId: "many-files"), will: nil, logger: recorder.logger())
        let messages = MessageCollector(client.subscribe("pioreactor/u1/exp1/fd", qos: 1))
        client.start()
        #expect(await client.waitUntilConnected(timeout: .seconds(10)), "\(recorder.all.filter { !$0.hasPrefix("[trace]") })")
        client.publish("pioreactor/u1/exp1/fd", "hello", qos: 1, retain: false)
        #expect(await eventually { messages.texts == ["hello"] })
        #expect(recorder.messages(at: .warning).isEmpty, "\(recorder.messages(at: .warning))")
        client.disconnect()

        // And the scenario of the original failure: refused attempts report the refusal, never MOSQ_ERR_INVAL.
        let refused = MQTTClient(
            settings: broker.settings(clientId: "many-files-bad", password: "not-raspberry"), will: nil,
            logger: recorder.logger()
        )
        refused.start()
        #expect(await eventually { recorder.messages(at: .debug).filter { $0.contains("not authorised") }.count >= 1 })
        let problems = recorder.all.filter { $0.contains("unavailable") }
        #expect(!problems.isEmpty && problems.allSatisfy { $0.contains("not authorised") }, "\(problems)")
        refused.disconnect(timeout: .milliseconds(200))
    }
}
