import Foundation

/// Body checks for `plugins/install` and `plugins/uninstall` (unit-api.md §3.10). The count
/// checks are the reference's; the name and source checks are ours, since both values end up
/// as arguments of a root-run shell script.
public enum PluginRequestValidation {
    /// The single plugin name in an install body's `args`, validated.
    public static func installName(args: [String]) throws(UnitError) -> String {
        if args.isEmpty {
            throw UnitError.badRequest(
                "Plugin name is required",
                cause: "No plugin name provided in args.",
                remediation: "Provide a single plugin name in args."
            )
        }
        if args.count > 1 {
            throw UnitError.badRequest(
                "Install one plugin at a time via the API",
                cause: "Received \(args.count) plugin arguments.",
                remediation: "Provide exactly one plugin name in args."
            )
        }
        return try validName(args[0])
    }

    /// The single plugin name in an uninstall body's `args`, validated.
    public static func uninstallName(args: [String]) throws(UnitError) -> String {
        guard args.count == 1 else {
            throw UnitError.badRequest(
                "Uninstall one plugin at a time via the API",
                cause: "Received \(args.count) plugin arguments.",
                remediation: "Provide exactly one plugin name in args."
            )
        }
        return try validName(args[0])
    }

    /// A pip-style distribution name, optionally pinned (`name==1.2.0`); nothing a shell or pip could read as an option.
    public static func validName(_ name: String) throws(UnitError) -> String {
        let pattern = #"^[A-Za-z0-9][A-Za-z0-9._-]*(==[A-Za-z0-9][A-Za-z0-9.+!_-]*)?$"#
        guard name.utf8.count <= 200, name.range(of: pattern, options: .regularExpression) != nil else {
            throw UnitError.badRequest(
                "Invalid plugin name",
                cause: "Plugin name '\(name)' is not a valid package name.",
                remediation: "Use letters, digits, '.', '_' and '-' only, starting with a letter or digit."
            )
        }
        return name
    }

    /// `options.source`: absent, null or "" means none; otherwise an http(s) URL, or a path to a
    /// `.whl` or `.zip` file. Returns the value to hand to the install script.
    public static func source(_ value: JSONValue?) throws(UnitError) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value else { throw invalidSource("options.source must be a string.") }
        if text.isEmpty { return nil }
        if text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) || text.hasPrefix("-") {
            throw invalidSource("options.source contains whitespace, control characters or a leading '-'.")
        }
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let host = URL(string: text)?.host, !host.isEmpty else {
                throw invalidSource("options.source is not a valid URL.")
            }
            return text
        }
        if lower.contains("://") { throw invalidSource("Only http and https URLs are accepted as options.source.") }
        if lower.hasSuffix(".whl") || lower.hasSuffix(".zip") { return text }
        throw invalidSource("options.source must be an http(s) URL, a .whl file or a .zip file.")
    }

    private static func invalidSource(_ cause: String) -> UnitError {
        UnitError.badRequest(
            "Invalid plugin source",
            cause: cause,
            remediation: "Provide an http(s) URL, a .whl path or a .zip path in options.source."
        )
    }
}
