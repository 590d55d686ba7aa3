/// A config failure, mirroring the Python exception configparser would raise.
/// `message` is exactly Python's `str(exception)`, because the API echoes it to clients.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// `DuplicateSectionError` (strict reads only).
        case duplicateSection(section: String)
        /// `DuplicateOptionError` (strict reads only).
        case duplicateOption(section: String, option: String)
        /// `ParsingError` and its subclasses `MissingSectionHeaderError`, `MultilineContinuationError`.
        case syntax
        /// `NoSectionError`.
        case noSection(section: String)
        /// `NoOptionError`.
        case noOption(section: String, option: String)
        /// `InterpolationError` subclasses (syntax, missing reference, depth).
        case interpolation
        /// `ValueError` (invalid `%` in a value being set, failed int/float/bool conversion).
        case value
        /// `TypeError` (a key without value used where a string is needed).
        case type
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static let source = "'<string>'"

    static func noSection(_ section: String) -> ConfigError {
        ConfigError(.noSection(section: section), "No section: \(PythonText.repr(section))")
    }

    static func noOption(_ section: String, _ option: String) -> ConfigError {
        ConfigError(
            .noOption(section: section, option: option),
            "No option \(PythonText.repr(option)) in section: \(PythonText.repr(section))"
        )
    }

    static func duplicateSection(_ section: String, line: Int) -> ConfigError {
        ConfigError(
            .duplicateSection(section: section),
            "While reading from \(source) [line \(pad2(line))]: section \(PythonText.repr(section)) already exists"
        )
    }

    static func duplicateOption(_ section: String, _ option: String, line: Int) -> ConfigError {
        ConfigError(
            .duplicateOption(section: section, option: option),
            "While reading from \(source) [line \(pad2(line))]: option \(PythonText.repr(option)) in section \(PythonText.repr(section)) already exists"
        )
    }

    static func missingSectionHeader(line: Int, text: String) -> ConfigError {
        ConfigError(.syntax, "File contains no section headers.\nfile: \(source), line: \(line)\n\(PythonText.repr(text))")
    }

    static func multilineContinuation(line: Int, text: String) -> ConfigError {
        ConfigError(
            .syntax,
            "Key without value continued with an indented line.\nfile: \(source), line: \(line)\n\(PythonText.repr(text))"
        )
    }

    static func parsing(_ errors: [(line: Int, text: String)]) -> ConfigError {
        var message = "Source contains parsing errors: \(source)"
        for error in errors {
            message += "\n\t[line \(pad2(error.line))]: \(PythonText.repr(error.text))"
        }
        return ConfigError(.syntax, message)
    }

    static func interpolationSyntax(_ message: String) -> ConfigError {
        ConfigError(.interpolation, message)
    }

    static func interpolationMissing(option: String, section: String, rawValue: String, reference: String) -> ConfigError {
        ConfigError(
            .interpolation,
            "Bad value substitution: option \(PythonText.repr(option)) in section \(PythonText.repr(section)) contains an interpolation key \(PythonText.repr(reference)) which is not a valid option name. Raw value: \(PythonText.repr(rawValue))"
        )
    }

    static func interpolationDepth(option: String, section: String, rawValue: String) -> ConfigError {
        ConfigError(
            .interpolation,
            "Recursion limit exceeded in value substitution: option \(PythonText.repr(option)) in section \(PythonText.repr(section)) contains an interpolation key which cannot be substituted in \(BasicInterpolation.maxDepth) steps. Raw value: \(PythonText.repr(rawValue))"
        )
    }

    /// Python's `'{0:2d}'` formatting of line numbers.
    private static func pad2(_ line: Int) -> String {
        line < 10 ? " \(line)" : "\(line)"
    }
}
