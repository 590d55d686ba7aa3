/// Publishes to the cluster's MQTT broker without waiting for it (the API never blocks on a
/// broker). The executable wires the real client in; without one nothing is published.
public struct ClusterPublisher: Sendable {
    public let publish: @Sendable (_ topic: String, _ payload: String, _ qos: Int, _ retain: Bool) -> Void

    public init(publish: @escaping @Sendable (_ topic: String, _ payload: String, _ qos: Int, _ retain: Bool) -> Void) {
        self.publish = publish
    }

    /// Publishes nothing.
    public static let none = ClusterPublisher { _, _, _, _ in }
}
