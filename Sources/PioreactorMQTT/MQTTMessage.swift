/// One MQTT application message, used for publishing, wills and received messages.
public struct MQTTMessage: Sendable, Equatable {
    /// Topic name (no wildcards).
    public var topic: String
    /// Raw payload bytes.
    public var payload: [UInt8]
    /// Quality of service: 0, 1 or 2.
    public var qos: Int
    /// Whether the broker keeps this as the topic's last known value.
    public var retain: Bool

    /// The payload decoded as UTF-8 (invalid sequences are replaced), for text payloads.
    public var text: String {
        String(decoding: payload, as: UTF8.self)
    }

    /// Creates a message from raw bytes.
    public init(topic: String, payload: [UInt8], qos: Int = 0, retain: Bool = false) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
    }

    /// Creates a message whose payload is the UTF-8 encoding of `text`.
    public init(topic: String, text: String, qos: Int = 0, retain: Bool = false) {
        self.init(topic: topic, payload: Array(text.utf8), qos: qos, retain: retain)
    }
}
