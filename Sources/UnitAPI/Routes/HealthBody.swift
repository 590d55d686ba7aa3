import PioreactorCore

/// GET /health's JSON. The leader polls every unit's health all day and only the clock changes
/// between answers, so everything before the time is encoded once, by the general encoder.
struct HealthBody: Sendable {
    /// `{"status":"ok","pioreactor_unit":"<unit>","utc_time":"`
    private let head: [UInt8]

    init(unitName: String) {
        let template: JSONValue = ["status": "ok", "pioreactor_unit": .string(unitName), "utc_time": ""]
        var bytes = template.encodedBytes()
        bytes.removeLast(2)  // the empty time's closing quote and the object's closing brace
        head = bytes
    }

    /// The body at `utcTime`, an ISO timestamp (digits and punctuation, nothing to escape).
    func encoded(utcTime: String) -> [UInt8] {
        var bytes = head
        bytes.reserveCapacity(head.count + utcTime.utf8.count + 2)
        bytes.append(contentsOf: utcTime.utf8)
        bytes.append(contentsOf: #""}"#.utf8)
        return bytes
    }
}
