import Foundation

/// `GET /system/web_server/status` (spec §3.12): whether the web services are active.
public enum WebServerStatus {
    public static let services = ["lighttpd.service", "huey.service"]

    /// Testing mode answers a fixed `ready` (as the reference does).
    public static let testingAnswer: JSONValue = [
        "service": "lighttpd.service,huey.service", "state": "ready", "raw_status": "active",
    ]

    /// Asks systemd about each service; a missing `systemctl` reads as not active.
    public static func current() -> JSONValue {
        var allActive = true
        var raw: [String] = []
        for service in services {
            let (code, output) = systemctlIsActive(service)
            allActive = allActive && code == 0 && output == "active"
            raw.append("\(service)=\(output)")
        }
        return [
            "service": .string(services.joined(separator: ",")),
            "state": allActive ? "ready" : "disconnected",
            "raw_status": .string(raw.joined(separator: ", ")),
        ]
    }

    private static func systemctlIsActive(_ service: String) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["systemctl", "is-active", service]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (127, "\(error)")
        }
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let text = out.trimmingCharacters(in: .whitespacesAndNewlines)
        return (process.terminationStatus, text.isEmpty ? err.trimmingCharacters(in: .whitespacesAndNewlines) : text)
    }
}
