import MQTTTestSupport
import Logging
import PioreactorMQTT
import Testing

@Suite("MQTT behaviour while the broker is unavailable")
struct OutageTests {
    @Test("Broker down at start(): start() returns at once, publishes queue, and arrive in order after connecting")
    func brokerDownAtStart() async throws {
        let broker = try TestBroker()  // not started yet
        defer { broker.stop() }
        let recorder = LogRecorder()
        let connects = Counter()
        let client = MQTTClient(settings: broker.settings(clientId: "late-broker"), will: nil, logger: recorder.logger())
        client.onConnect { connects.increment() }
        // Subscribing to our own topic: after connecting the client re-subscribes before flushing the queue,
        // so the broker sees SUBSCRIBE first and echoes every queued message back in order.
        let echoed = MessageCollector(client.subscribe("pioreactor/u1/exp1/queued/#", qos: 1))

        let clock = ContinuousClock()
        let elapsed = clock.measure { client.start() }
        #expect(elapsed < .milliseconds(100))
        let publishElapsed = clock.measure {
            for index in 0..<20 {
                client.publish("pioreactor/u1/exp1/queued/value", "\(index)", qos: 1, retain: false)
            }
        }
        #expect(publishElapsed < .milliseconds(100))
        #expect(!client.isConnected)
        #expect(client.queuedMessageCount == 20)
        #expect(await eventually { recorder.count(at: .warning) == 1 })

        try broker.start()
        #expect(await client.waitUntilConnected(timeout: .seconds(10)))
        #expect(await eventually { connects.current == 1 })
        #expect(await eventually { echoed.messages.count == 20 })
        #expect(echoed.texts == (0..<20).map(String.init))
        #expect(client.queuedMessageCount == 0)
        #expect(client.droppedMessageCount == 0)
        #expect(recorder.count(at: .warning) == 1, "one warning for the whole outage: \(recorder.messages(at: .warning))")
        #expect(recorder.count(at: .notice) == 1)
        client.disconnect()
    }

    @Test("Broker restart: onConnect fires again and subscriptions are restored")
    func brokerRestart() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let recorder = LogRecorder()
        let connects = Counter()
        let client = MQTTClient(settings: broker.settings(clientId: "restart-sub"), will: nil, logger: recorder.logger())
        client.onConnect { connects.increment() }
        let received = MessageCollector(client.subscribe("pioreactor/u1/+/restart/#", qos: 1))
        client.start()
        #expect(await eventually { connects.current == 1 })

        broker.stop()
        #expect(await eventually { !client.isConnected })
        client.publish("pioreactor/u1/exp1/restart/offline", "while-down", qos: 1, retain: false)
        try broker.start()
        #expect(await eventually(timeout: .seconds(15)) { connects.current == 2 })
        #expect(client.isConnected)
        #expect(recorder.count(at: .warning) == 1, "\(recorder.messages(at: .warning))")

        let publisher = MQTTClient(settings: broker.settings(clientId: "restart-pub"), will: nil, logger: LogRecorder().logger())
        publisher.start()
        #expect(await publisher.waitUntilConnected(timeout: .seconds(10)))
        // The re-subscription may still be in flight when onConnect runs; republish until it lands.
        let delivered = await eventually {
            if !received.texts.contains("after-restart") {
                publisher.publish("pioreactor/u1/exp1/restart/x", "after-restart", qos: 1, retain: false)
            }
            return received.texts.contains("after-restart")
        }
        #expect(delivered)
        #expect(received.texts.contains("while-down"))
        publisher.disconnect()
        client.disconnect()
    }

    @Test("The offline queue is capped: the oldest messages are dropped and counted")
    func queueCap() async throws {
        let broker = try TestBroker()  // not started yet
        defer { broker.stop() }
        let recorder = LogRecorder()
        let cap = 100
        let client = MQTTClient(
            settings: broker.settings(clientId: "queue-cap"), will: nil, logger: recorder.logger(),
            maxQueuedMessages: cap
        )
        let echoed = MessageCollector(client.subscribe("pioreactor/u1/exp1/cap/#", qos: 1))
        client.start()
        for index in 0..<(cap + 50) {
            client.publish("pioreactor/u1/exp1/cap/value", "\(index)", qos: 1, retain: false)
        }
        #expect(client.droppedMessageCount == 50)
        #expect(client.queuedMessageCount == cap)
        // Many more messages still keep the queue (and memory) at the cap.
        let bulk = [UInt8](repeating: 7, count: 1024)
        for _ in 0..<5_000 {
            client.publish("pioreactor/u1/exp1/other", bulk, qos: 2, retain: false)
        }
        #expect(client.queuedMessageCount == cap)
        #expect(client.droppedMessageCount == 50 + 5_000)

        // Replace the bulk with fresh numbered messages so we can check what survives.
        for index in 0..<cap {
            client.publish("pioreactor/u1/exp1/cap/value", "fresh-\(index)", qos: 1, retain: false)
        }
        #expect(client.droppedMessageCount == 50 + 5_000 + cap)
        try broker.start()
        #expect(await eventually { echoed.messages.count == cap })
        #expect(echoed.texts == (0..<cap).map { "fresh-\($0)" })
        let warnings = recorder.messages(at: .warning)
        #expect(warnings.count == 2, "outage + one drop summary: \(warnings)")
        #expect(warnings.last?.contains("\(50 + 5_000 + cap)") == true)
        client.disconnect()
    }

    @Test("A connected but unresponsive broker cannot make libmosquitto's own queue grow without bound")
    func unresponsiveBrokerIsBounded() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let recorder = LogRecorder()
        let cap = 50
        let client = MQTTClient(
            settings: broker.settings(clientId: "frozen-broker"), will: nil, logger: recorder.logger(),
            maxQueuedMessages: cap
        )
        let echoed = MessageCollector(client.subscribe("pioreactor/u1/exp1/frozen/#", qos: 1))
        client.start()
        #expect(await client.waitUntilConnected(timeout: .seconds(10)))

        broker.pause()
        // No PUBACKs come back: the first `cap` go to libmosquitto, the next `cap` wait in our queue,
        // and the rest push the oldest queued ones out.
        for index in 0..<(4 * cap) {
            client.publish("pioreactor/u1/exp1/frozen/value", "\(index)", qos: 1, retain: false)
        }
        #expect(client.isConnected)
        #expect(client.queuedMessageCount == cap)
        #expect(client.droppedMessageCount == 2 * cap)
        broker.resume()

        let expected = (0..<cap).map(String.init) + ((3 * cap)..<(4 * cap)).map(String.init)
        #expect(await eventually { echoed.messages.count == expected.count })
        #expect(echoed.texts == expected)
        #expect(client.queuedMessageCount == 0)
        #expect(await eventually { recorder.messages(at: .warning).contains { $0.contains("dropped the \(2 * cap) oldest") } })
        client.disconnect()
    }
}
