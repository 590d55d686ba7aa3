import Foundation

/// `GET /system/web_server/status` (spec §3.12): whether the web services are active.
public enum WebServerStatus {
    public static let services = ["lighttpd.service", "huey.service"]

    /// Testing mode answers a fixed `ready` (as the reference does).
    public static let testingAnswer: JSONValue = [
        "service": "lighttpd.service,huey.service", "state": "ready", "raw_status": "active",
    ]

    /// Asks systemd about each service; a missing `systemctl` reads as not active.
    public static func current() async -> JSONValue {
        var allActive = true
        var raw: [String] = []
        for service in services {
            let (code, output) = await systemctlIsActive(service)
            allActive = allActive && code == 0 && output == "active"
            raw.append("\(service)=\(output)")
        }
        return [
            "service": .string(services.joined(separator: ",")),
            "state": allActive ? "ready" : "disconnected",
            "raw_status": .string(raw.joined(separator: ", ")),
        ]
    }

    private static func systemctlIsActive(_ service: String) async -> (Int32, String) {
        do {
            let outcome = try await ShortCommand.run(["systemctl", "is-active", service])
            let text = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            return (outcome.exitCode, text.isEmpty ? outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines) : text)
        } catch {
            return (127, "\(error)")
        }
    }
}
