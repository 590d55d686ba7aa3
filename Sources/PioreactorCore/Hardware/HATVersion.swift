import Foundation

/// The Pioreactor HAT's hardware version (`1.2`), as the reference reads it.
public struct HATVersion: Sendable, Equatable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `1.2`, the folder name under `DP/hardware/hats/`.
    public var description: String { "\(major).\(minor)" }

    /// Env `HARDWARE` (`1.2`), else `1.2` in testing mode, else the HAT EEPROM's
    /// `product_ver` (last two digits); nil when no HAT can be found.
    public static func detect(
        env: [String: String], testing: Bool,
        productVersionFile: URL = URL(fileURLWithPath: "/proc/device-tree/hat/product_ver")
    ) -> HATVersion? {
        if let text = env["HARDWARE"] {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
            return HATVersion(major: major, minor: minor)
        }
        if testing { return HATVersion(major: 1, minor: 2) }
        guard let data = FileManager.default.contents(atPath: productVersionFile.path) else { return nil }
        let digits = Array(String(decoding: data, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\0")))
        guard digits.count >= 2, let major = digits[digits.count - 2].wholeNumberValue,
              let minor = digits[digits.count - 1].wholeNumberValue else { return nil }
        return HATVersion(major: major, minor: minor)
    }
}
