import Foundation

/// Who this unit is: its name and whether it runs in testing mode.
public struct UnitIdentity: Sendable, Equatable {
    public let name: String
    public let testing: Bool

    public init(name: String, testing: Bool) {
        self.name = name
        self.testing = testing
    }

    /// Name from PIO_UNIT_NAME, then HOSTNAME, then the OS hostname (spec §1.7).
    public static func resolve(_ env: [String: String] = ProcessInfo.processInfo.environment) -> UnitIdentity {
        let testing = env["TESTING"] == "1"
        let candidates = [env["PIO_UNIT_NAME"], env["HOSTNAME"], osHostname()]
        let name = candidates.compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty } ?? "localhost"
        return UnitIdentity(name: name, testing: testing)
    }

    static func osHostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A unit answers to its short name; ".local" and domain suffixes are not part of it.
        return name.split(separator: ".").first.map(String.init)
    }
}

/// Versions this implementation reports.
public enum PioreactorVersion {
    /// `YY.M.N` like the reference's versions (spec §3.2).
    public static let app = "26.11.0"
}
