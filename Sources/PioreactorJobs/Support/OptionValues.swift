import Foundation
import PioreactorCore

/// `pio run` options as parsed text, with typed getters (automations get strings, jobs.md §2).
public struct OptionValues: Sendable, Equatable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    public func string(_ name: String) -> String? { values[name] }

    /// A float option; a value that is not a number is an error.
    public func double(_ name: String) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let number = PythonFloat.parse(text) else {
            throw JobFailure("Invalid value for '--\(name.replacingOccurrences(of: "_", with: "-"))': '\(text)' is not a valid float.")
        }
        return number
    }

    /// A boolean option: click's truthy texts.
    public func bool(_ name: String) throws -> Bool? {
        guard let text = values[name] else { return nil }
        guard let flag = SettingText.bool(text) else {
            throw JobFailure("Invalid value for '--\(name.replacingOccurrences(of: "_", with: "-"))': '\(text)' is not a valid boolean.")
        }
        return flag
    }
}

/// Casting `/set` payload texts by datatype (jobs.md §4).
public enum SettingText {
    /// true iff the lowercased text is true/1/y/on/yes/t; false for the click false words.
    public static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "y", "on", "yes", "t": return true
        case "false", "0", "n", "off", "no", "f": return false
        default: return nil
        }
    }

    /// A float payload, or a JobFailure naming the setting.
    public static func double(_ text: String, setting: String) throws -> Double {
        guard let number = PythonFloat.parse(text) else { throw JobFailure("could not convert string to float: '\(text)' for \(setting)") }
        return number
    }
}
