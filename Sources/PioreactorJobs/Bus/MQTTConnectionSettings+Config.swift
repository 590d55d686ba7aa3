import PioreactorCore
import PioreactorMQTT

extension MQTTConnectionSettings {
    /// The broker as the reference finds it: `[mqtt] broker_address` (first of a `;` list), else
    /// `[cluster.topology] leader_address`, else `localhost`; `broker_port` 1883; `username`
    /// `pioreactor` and `password` `raspberry` unless set; `use_tls` 0.
    public static func fromConfig(_ config: MergedConfig, clientId: String) -> MQTTConnectionSettings {
        func value(_ section: String, _ key: String) -> String? {
            ((try? config.value(section, key)) ?? nil).flatMap { $0.isEmpty ? nil : $0 }
        }
        let address = value("mqtt", "broker_address") ?? value("cluster.topology", "leader_address") ?? "localhost"
        let host = address.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "localhost"
        return MQTTConnectionSettings(
            host: host.isEmpty ? "localhost" : host,
            port: value("mqtt", "broker_port").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1883,
            username: value("mqtt", "username") ?? "pioreactor",
            password: value("mqtt", "password") ?? "raspberry",
            useTLS: (try? config.bool("mqtt", "use_tls", fallback: false)) ?? false,
            clientId: clientId)
    }

    /// A client id unique per process, like the reference's random suffix.
    public static func uniqueClientId(_ base: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return base + "-" + String((0..<4).map { _ in alphabet.randomElement()! })
    }
}
