import MQTTTestSupport
import PioreactorMQTT
import Testing

@Suite("MQTT topic filter matching")
struct TopicMatchingTests {
    @Test(arguments: [
        ("pioreactor/u1/+/stirring/+/set", "pioreactor/u1/exp1/stirring/target_rpm/set", true),
        ("pioreactor/u1/+/stirring/+/set", "pioreactor/u1/exp1/stirring/target_rpm", false),
        ("pioreactor/u1/+/stirring/+/set", "pioreactor/u2/exp1/stirring/target_rpm/set", false),
        ("pioreactor/u1/+/stirring/+/set", "pioreactor/u1/exp1/od_reading/x/set", false),
        ("pioreactor/#", "pioreactor", true),
        ("pioreactor/#", "pioreactor/u1/a/b", true),
        ("pioreactor/+", "pioreactor/u1/a", false),
        ("+/+", "/x", true),
        ("#", "$SYS/broker/uptime", false),
        ("$SYS/#", "$SYS/broker/uptime", true),
        ("a/b", "a/b", true),
        ("a/b", "a/b/c", false),
    ])
    func matches(filter: String, topic: String, expected: Bool) {
        #expect(topicMatches(filter: filter, topic: topic) == expected)
    }
}
