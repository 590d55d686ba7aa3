import PioreactorCore

/// AutomationEvent JSON (jobs.md §4), as every automation publishes it in `latest_event`.
enum AutomationEvent {
    static func json(_ name: String, _ message: String? = nil, data: JSONObject? = nil) -> JSONValue {
        .object(JSONObject([
            ("event_name", .string(name)), ("message", message.map(JSONValue.string) ?? .null),
            ("data", data.map(JSONValue.object) ?? .null),
        ]))
    }

    /// The reference's `AutomationEvent.display()`: `Name: message`, or just the name.
    static func display(_ event: JSONValue) -> String {
        let name = event["event_name"]?.stringValue ?? ""
        guard let message = event["message"]?.stringValue, !message.isEmpty else { return name }
        return "\(name): \(message)"
    }
}
