import Foundation

/// `POST /hardware/check` (spec §3.12): the request check and the `check_model_hardware`
/// task, which looks for the model's ADCs on the I2C bus.
public struct ModelHardwareCheck: Sendable {
    public let paths: UnitPaths
    /// nil when there is no HAT (a simulated unit, a laptop).
    public let hatVersion: HATVersion?
    public let isDevicePresent: @Sendable (Int) -> Bool

    public init(paths: UnitPaths, hatVersion: HATVersion?, isDevicePresent: @escaping @Sendable (Int) -> Bool) {
        self.paths = paths
        self.hatVersion = hatVersion
        self.isDevicePresent = isDevicePresent
    }

    /// This machine's check: testing mode assumes HAT 1.2 with every device answering, like the
    /// reference's mocks; otherwise the real HAT EEPROM and `/dev/i2c-1`.
    public static func forThisUnit(paths: UnitPaths, testing: Bool, env: [String: String] = ProcessInfo.processInfo.environment) -> ModelHardwareCheck {
        let bus = I2CBus()
        var probe: @Sendable (Int) -> Bool = { _ in true }
        if !testing { probe = { address in bus.isDevicePresent(address) } }
        return ModelHardwareCheck(paths: paths, hatVersion: HATVersion.detect(env: env, testing: testing), isDevicePresent: probe)
    }

    /// The request's model pair, which must be given and registered (400s with the spec's texts).
    public static func requestedModel(_ body: JSONObject, registry: ModelRegistry) throws(UnitError) -> (name: String, version: String) {
        guard let name = body["model_name"], name.isTruthy, let version = body["model_version"], version.isTruthy else {
            throw UnitError.badRequest(
                "Missing model_name or model_version",
                cause: "Request JSON missing model_name or model_version.",
                remediation: "Provide both model_name and model_version in the JSON payload.")
        }
        // A non-string (e.g. 1.5) can never equal a registered pair, as in the reference.
        guard let nameText = name.stringValue, let versionText = version.stringValue,
              registry.model(name: nameText, version: versionText) != nil else {
            throw UnitError.badRequest(
                "Model name or version not found in available models.",
                cause: "Unknown model '\(name.pythonStr)' with version '\(version.pythonStr)'.",
                remediation: "Use a model_name and model_version from the registered models list.")
        }
        return (nameText, versionText)
    }

    /// The task's result: `skipped` (with a reason), `warning` (missing addresses) or `ok`.
    public func run(modelName: String, modelVersion: String) throws -> JSONValue {
        guard let hatVersion else { return Self.skipped("HAT not found") }
        guard hatVersion.major == 1 else { return Self.skipped("hardware check only applies to HAT v1.x") }
        let addresses = try adcAddresses(modelName: modelName, modelVersion: modelVersion, hat: hatVersion)
        if addresses.isEmpty { return Self.skipped("model has no configured ADC addresses") }
        let missing = addresses.sorted().filter { !isDevicePresent($0) }
        if missing.isEmpty { return ["status": "ok"] }
        let hex = missing.map { "0x" + String($0, radix: 16) }.joined(separator: ", ")
        return ["status": "warning", "reason": .string("missing I2C devices at \(hex)")]
    }

    /// The `address` of every entry of `hats/<hat>/adc.yaml` overlaid with the model's `adc.yaml`.
    func adcAddresses(modelName: String, modelVersion: String, hat: HATVersion) throws -> Set<Int> {
        let hardware = paths.hardware
        let hatFile = hardware.appendingPathComponent("hats/\(hat)/adc.yaml")
        let modelFile = hardware.appendingPathComponent("models/\(modelName)/\(modelVersion)/adc.yaml")
        let merged = Self.deepMerge(try Self.loadMapping(hatFile), try Self.loadMapping(modelFile))
        var addresses = Set<Int>()
        for pair in merged {
            let name = StructConverter.anyJSON(pair.key).stringValue ?? StructConverter.anyJSON(pair.key).encoded()
            guard case .mapping(let fields) = pair.value,
                  let address = fields.first(where: { $0.key == .string("address") })?.value else {
                throw HardwareConfigError("adc entry '\(name)' in \(modelName) \(modelVersion) has no address")
            }
            switch address {
            case .int(let value): addresses.insert(Int(value))
            case .string(let text) where Int(text.trimmingCharacters(in: .whitespaces)) != nil:
                addresses.insert(Int(text.trimmingCharacters(in: .whitespaces))!)
            default:
                throw HardwareConfigError("adc entry '\(name)' has an invalid address")
            }
        }
        return addresses
    }

    private typealias Mapping = [PyYAMLPair]

    /// A missing file is an empty layer. Read with the loader the calibrations use (PyYAML typing).
    private static func loadMapping(_ url: URL) throws -> Mapping {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        guard let text = String(data: data, encoding: .utf8) else { throw HardwareConfigError("\(url.path) is not UTF-8") }
        switch try PyYAMLLoader.load(text) {
        case .null: return []
        case .mapping(let entries): return entries
        default: throw HardwareConfigError("\(url.path) is not a mapping")
        }
    }

    /// Later layer wins; nested mappings merge key by key.
    private static func deepMerge(_ base: Mapping, _ overlay: Mapping) -> Mapping {
        var result = base
        for pair in overlay {
            if let index = result.firstIndex(where: { $0.key == pair.key }) {
                if case .mapping(let old) = result[index].value, case .mapping(let new) = pair.value {
                    result[index].value = .mapping(deepMerge(old, new))
                } else {
                    result[index].value = pair.value
                }
            } else {
                result.append(pair)
            }
        }
        return result
    }

    private static func skipped(_ reason: String) -> JSONValue {
        ["status": "skipped", "reason": .string(reason)]
    }
}

/// The layered hardware YAML could not be read; the task fails with this text.
public struct HardwareConfigError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
