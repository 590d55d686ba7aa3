import MQTTTestSupport
import Logging
import PioreactorMQTT
import Testing

@Suite("MQTT publish and subscribe against a real broker")
struct PublishSubscribeTests {
    @Test("A retained QoS 2 publish reaches a later subscriber with retain set and identical bytes")
    func retainedQoS2() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let recorder = LogRecorder()
        let topic = "pioreactor/u1/exp1/od_reading/od1"
        let payload: [UInt8] = [0, 1, 2, 127, 128, 254, 255] + Array("0.0123".utf8)

        let publisher = MQTTClient(settings: broker.settings(clientId: "retain-pub"), will: nil, logger: recorder.logger())
        publisher.start()
        #expect(await publisher.waitUntilConnected(timeout: .seconds(10)))
        publisher.publish(topic, payload, qos: 2, retain: true)
        publisher.disconnect()  // waits for PUBCOMP

        let subscriber = MQTTClient(settings: broker.settings(clientId: "retain-sub"), will: nil, logger: recorder.logger())
        let collector = MessageCollector(subscriber.subscribe(topic, qos: 2))
        subscriber.start()
        #expect(await eventually { collector.messages.count == 1 })
        let message = try #require(collector.messages.first)
        #expect(message.topic == topic)
        #expect(message.payload == payload)
        #expect(message.retain)
        #expect(message.qos == 2)
        subscriber.disconnect()
        #expect(recorder.count(at: .warning) == 0)
    }

    @Test("A wildcard subscription receives matching topics only")
    func wildcardSubscription() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let client = MQTTClient(settings: broker.settings(clientId: "wildcard"), will: nil, logger: LogRecorder().logger())
        let commands = MessageCollector(client.subscribe("pioreactor/u1/+/stirring/+/set", qos: 1))
        let sentinel = MessageCollector(client.subscribe("test/sentinel", qos: 1))
        client.start()
        #expect(await client.waitUntilConnected(timeout: .seconds(10)))

        // Same connection, QoS 1: the broker handles these in order, so once the sentinel is back every
        // earlier message that matched would have been delivered too.
        client.publish("pioreactor/u1/exp1/stirring/target_rpm", "no-set-suffix", qos: 1, retain: false)
        client.publish("pioreactor/u1/exp1/stirring/target_rpm/set", "500", qos: 1, retain: false)
        client.publish("pioreactor/u2/exp1/stirring/target_rpm/set", "other-unit", qos: 1, retain: false)
        client.publish("pioreactor/u1/exp1/od_reading/interval/set", "other-job", qos: 1, retain: false)
        client.publish("test/sentinel", "done", qos: 1, retain: false)

        #expect(await eventually { sentinel.texts == ["done"] })
        #expect(commands.texts == ["500"])
        #expect(commands.messages.first?.topic == "pioreactor/u1/exp1/stirring/target_rpm/set")
        client.disconnect()
    }

    @Test("start() twice and disconnect() before start() are harmless")
    func lifecycleMisuse() async throws {
        let broker = try TestBroker()
        let idle = MQTTClient(settings: broker.settings(clientId: "idle"), will: nil, logger: LogRecorder().logger())
        idle.publish("a/b", "x", qos: 1, retain: false)
        idle.disconnect()
        idle.start()  // ignored after disconnect
        #expect(!idle.isConnected)

        try broker.start()
        defer { broker.stop() }
        let client = MQTTClient(settings: broker.settings(clientId: "twice"), will: nil, logger: LogRecorder().logger())
        client.start()
        client.start()
        #expect(await client.waitUntilConnected(timeout: .seconds(10)))
        client.disconnect()
        client.disconnect()
        #expect(!client.isConnected)
    }
}
