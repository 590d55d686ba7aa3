import MQTTTestSupport
import Foundation
import Logging
import PioreactorMQTT
import Testing

@Suite("MQTT last will")
struct WillTests {
    @Test("The broker publishes a retained will when a client dies uncleanly")
    func uncleanDeathPublishesWill() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let stateTopic = "pioreactor/u1/exp1/monitor/$state"
        let helloTopic = "test/will-child/hello"

        let observer = MQTTClient(settings: broker.settings(clientId: "will-observer"), will: nil, logger: LogRecorder().logger())
        let states = MessageCollector(observer.subscribe(stateTopic, qos: 1))
        let hellos = MessageCollector(observer.subscribe(helloTopic, qos: 1))
        observer.start()
        #expect(await observer.waitUntilConnected(timeout: .seconds(10)))

        // A mosquitto_pub child with a will that publishes each stdin line; once its line reaches us it is
        // surely connected. (mosquitto_sub would also do, but its stdout is block-buffered when not a tty.)
        let input = Pipe()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try TestBroker.executable("mosquitto_pub"))
        child.arguments = [
            "-h", "127.0.0.1", "-p", String(broker.port), "-u", TestBroker.username, "-P", TestBroker.password,
            "-i", "will-child", "-q", "1", "-t", helloTopic, "-l",
            "--will-topic", stateTopic, "--will-payload", "lost", "--will-retain", "--will-qos", "1",
        ]
        child.standardInput = input
        try child.run()
        defer {
            if child.isRunning { kill(child.processIdentifier, SIGKILL) }
            try? input.fileHandleForWriting.close()
        }
        input.fileHandleForWriting.write(Data("hello\n".utf8))
        #expect(await eventually { hellos.texts == ["hello"] })
        #expect(states.messages.isEmpty)

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(await eventually { states.texts == ["lost"] })

        // A fresh subscriber sees it as the retained value.
        let late = MQTTClient(settings: broker.settings(clientId: "will-late"), will: nil, logger: LogRecorder().logger())
        let retained = MessageCollector(late.subscribe(stateTopic, qos: 1))
        late.start()
        #expect(await eventually { retained.messages.count == 1 })
        #expect(retained.messages.first?.text == "lost")
        #expect(retained.messages.first?.retain == true)
        late.disconnect()
        observer.disconnect()
    }

    @Test("disconnect() is clean: the will is not published and the last retained value stays")
    func cleanDisconnectSuppressesWill() async throws {
        let broker = try TestBroker()
        try broker.start()
        defer { broker.stop() }
        let stateTopic = "pioreactor/u1/exp1/stirring/$state"
        let will = MQTTMessage(topic: stateTopic, text: "lost", qos: 1, retain: true)

        let job = MQTTClient(settings: broker.settings(clientId: "will-job"), will: will, logger: LogRecorder().logger())
        job.start()
        #expect(await job.waitUntilConnected(timeout: .seconds(10)))
        job.publish(stateTopic, "ready", qos: 1, retain: true)
        job.publish(stateTopic, "disconnected", qos: 1, retain: true)
        job.disconnect()
        #expect(!job.isConnected)

        let observer = MQTTClient(settings: broker.settings(clientId: "will-observer2"), will: nil, logger: LogRecorder().logger())
        let states = MessageCollector(observer.subscribe(stateTopic, qos: 1))
        let sentinel = MessageCollector(observer.subscribe("test/sentinel", qos: 1))
        observer.start()
        #expect(await eventually { states.messages.count == 1 })
        // A round trip through the broker gives a late will every chance to show up before we check.
        observer.publish("test/sentinel", "done", qos: 1, retain: false)
        #expect(await eventually { sentinel.texts == ["done"] })
        #expect(states.texts == ["disconnected"])
        #expect(states.messages.first?.retain == true)
        observer.disconnect()
    }
}
