/// The typed request body of the job, plugin and update endpoints (spec §1.8):
/// `{"args": [...], "options": {...}, "env": {...}, "config_overrides": [[s, k, v], ...]}`.
public struct ArgsOptionsEnvs: Sendable, Equatable {
    public var args: [String] = []
    public var options = JSONObject()
    public var env: [(key: String, value: String)] = []
    public var configOverrides: [[String]] = []

    public init() {}

    public static func == (lhs: ArgsOptionsEnvs, rhs: ArgsOptionsEnvs) -> Bool {
        lhs.args == rhs.args && lhs.options == rhs.options && lhs.configOverrides == rhs.configOverrides
            && lhs.env.map(\.key) == rhs.env.map(\.key) && lhs.env.map(\.value) == rhs.env.map(\.value)
    }

    public func envValue(_ key: String) -> String? { env.last { $0.key == key }?.value }

    /// Strict decoding; a wrong shape is a client error (400) whose message names the field,
    /// where the reference answers 500.
    public static func decode(_ body: JSONValue, allowConfigOverrides: Bool = false) throws(UnitError) -> ArgsOptionsEnvs {
        guard case .object(let object) = body else {
            throw invalid("Expected `object`, got `\(body.typeName)`")
        }
        var result = ArgsOptionsEnvs()
        if let args = object["args"] {
            guard case .array(let items) = args else { throw invalid("Expected `array`, got `\(args.typeName)` - at `$.args`") }
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw invalid("Expected `str`, got `\(item.typeName)` - at `$.args[\(index)]`")
                }
                result.args.append(text)
            }
        }
        if let options = object["options"] {
            guard case .object(let values) = options else {
                throw invalid("Expected `object`, got `\(options.typeName)` - at `$.options`")
            }
            result.options = values
        }
        if let env = object["env"] {
            guard case .object(let values) = env else { throw invalid("Expected `object`, got `\(env.typeName)` - at `$.env`") }
            for (key, value) in values {
                guard case .string(let text) = value else {
                    throw invalid("Expected `str`, got `\(value.typeName)` - at `$.env[...]`")
                }
                result.env.append((key, text))
            }
        }
        if allowConfigOverrides, let overrides = object["config_overrides"] {
            guard case .array(let rows) = overrides else {
                throw invalid("Expected `array`, got `\(overrides.typeName)` - at `$.config_overrides`")
            }
            for (index, row) in rows.enumerated() {
                guard case .array(let cells) = row else {
                    throw invalid("Expected `array`, got `\(row.typeName)` - at `$.config_overrides[\(index)]`")
                }
                var strings: [String] = []
                for (cellIndex, cell) in cells.enumerated() {
                    guard case .string(let text) = cell else {
                        throw invalid("Expected `str`, got `\(cell.typeName)` - at `$.config_overrides[\(index)][\(cellIndex)]`")
                    }
                    strings.append(text)
                }
                result.configOverrides.append(strings)
            }
        }
        return result
    }

    private static func invalid(_ message: String) -> UnitError {
        UnitError(400, message, cause: "Request body did not match the expected schema.",
                  remediation: "Send a JSON object with optional args (list of strings), options (object) and env (object of strings).")
    }

    /// Options rendered as CLI flags the way the reference does (spec §1.8):
    /// `--key-name value`, values as Python's `str()`, `null` makes a bare flag.
    public func renderedOptions() -> [String] {
        var argv: [String] = []
        for (key, value) in options {
            argv.append("--" + key.replacingOccurrences(of: "_", with: "-"))
            if !value.isNull { argv.append(value.pythonStr) }
        }
        return argv
    }
}

extension JSONValue {
    /// The JSON type name as msgspec reports it in decode errors.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Python's `str(value)` for the decoded JSON value.
    public var pythonStr: String {
        if case .string(let text) = self { return text }
        return pythonRepr
    }

    /// Python's `repr(value)`: True/False/None, single-quoted strings, `[...]`, `{'k': v}`.
    public var pythonRepr: String {
        switch self {
        case .null: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value):
            if value.isNaN { return "nan" }
            if value.isInfinite { return value < 0 ? "-inf" : "inf" }
            return JSONValue.pythonFloatRepr(value)
        case .string(let text): return PythonString.repr(text)
        case .array(let values): return "[" + values.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.map { PythonString.repr($0.key) + ": " + $0.value.pythonRepr }.joined(separator: ", ") + "}"
        }
    }
}
