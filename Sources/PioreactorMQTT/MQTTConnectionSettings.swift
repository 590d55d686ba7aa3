/// Where and how an `MQTTClient` reaches its broker.
public struct MQTTConnectionSettings: Sendable, Equatable {
    /// Broker host name or IP address.
    public var host: String
    /// Broker TCP port (1883 plain, usually 8883 with TLS).
    public var port: Int
    /// User name for broker authentication; `nil` connects anonymously.
    public var username: String?
    /// Password sent together with `username`.
    public var password: String?
    /// Encrypts the connection, verifying the broker against the system CA store in /etc/ssl/certs.
    public var useTLS: Bool
    /// Seconds between keep-alive pings; the broker declares us dead (and publishes the will) after 1.5x this.
    public var keepaliveSeconds: Int = 60
    /// MQTT client identifier; must be unique per broker or the broker kicks the older session.
    public var clientId: String

    /// Creates settings; defaults match a stock Pioreactor leader on the local network.
    public init(
        host: String = "localhost",
        port: Int = 1883,
        username: String? = nil,
        password: String? = nil,
        useTLS: Bool = false,
        keepaliveSeconds: Int = 60,
        clientId: String
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.useTLS = useTLS
        self.keepaliveSeconds = keepaliveSeconds
        self.clientId = clientId
    }
}
