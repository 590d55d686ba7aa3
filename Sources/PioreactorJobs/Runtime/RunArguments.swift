import PioreactorCore

/// `pio run <job> --flag value …` parsed against the job's JobCatalog command, so the CLI and
/// the capabilities listing never drift. Automations also take free `--key value` pairs.
public struct RunArguments: Sendable, Equatable {
    public var options: OptionValues
    /// Free `--key value` pairs (automation settings), keys with `_`.
    public var free: [String: String]

    /// Parses; unknown flags are an error unless the command is an automation job.
    public static func parse(_ arguments: [String], command: CLICommand) throws -> RunArguments {
        let acceptsFree = command.options.contains { $0.name == "automation_name" }
        var options: [String: String] = [:]
        var free: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            guard token.hasPrefix("--"), token.count > 2 else {
                throw JobFailure("Got unexpected extra argument (\(token))")
            }
            var flag = String(token.dropFirst(2))
            var inlineValue: String?
            if let equals = flag.firstIndex(of: "=") {
                inlineValue = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if let option = command.options.first(where: { $0.longFlag == flag || $0.name == flag }) {
                if let inlineValue {
                    options[option.name] = inlineValue
                    index += 1
                } else if option.type == "boolean" {
                    // A bare flag means true; a following boolean word is its value.
                    if let next, !next.hasPrefix("--"), SettingText.bool(next) != nil {
                        options[option.name] = next
                        index += 2
                    } else {
                        options[option.name] = "true"
                        index += 1
                    }
                } else {
                    guard let next else { throw JobFailure("Option '--\(flag)' requires an argument.") }
                    options[option.name] = next
                    index += 2
                }
            } else if acceptsFree {
                let key = flag.replacingOccurrences(of: "-", with: "_")
                if let inlineValue {
                    free[key] = inlineValue
                    index += 1
                } else {
                    guard let next, !next.hasPrefix("--") else { throw JobFailure("Option '--\(flag)' requires a value.") }
                    free[key] = next
                    index += 2
                }
            } else {
                throw JobFailure("No such option: --\(flag)")
            }
        }
        for option in command.options where option.required && options[option.name] == nil {
            throw JobFailure("Missing option '--\(option.longFlag)'.")
        }
        return RunArguments(options: OptionValues(options), free: free)
    }

    /// `pio run <job> --help` text from the catalog.
    public static func help(for command: CLICommand) -> String {
        var lines = ["Usage: pio run \(command.name) [OPTIONS]", "", "  \(command.help)", "", "Options:"]
        for option in command.options {
            let value = option.type == "boolean" ? "" : " \(option.type.uppercased().replacingOccurrences(of: " ", with: "_"))"
            let required = option.required ? " [required]" : ""
            lines.append("  --\(option.longFlag)\(value)  \(option.help)\(required)")
        }
        if command.options.contains(where: { $0.name == "automation_name" }) {
            lines.append("  --<setting> VALUE  automation settings, passed as text")
        }
        lines.append("  --help  Show this message and exit.")
        return lines.joined(separator: "\n")
    }
}
