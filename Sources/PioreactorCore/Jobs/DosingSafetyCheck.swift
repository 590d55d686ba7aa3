/// The jobs/run safety check for media doses (spec §3.3 step 3): refuse an `ml` dose that
/// would bring the vial to or over the model's maximum fill volume.
public struct DosingSafetyCheck: Sendable {
    public let models: ModelRegistry
    public let unitModel: ReactorModel
    public let bioreactor: BioreactorValues

    public init(models: ModelRegistry, unitModel: ReactorModel, bioreactor: BioreactorValues) {
        self.models = models
        self.unitModel = unitModel
        self.bioreactor = bioreactor
    }

    public static let refused = UnitError(
        400, "Requested dose would meet or exceed the reactor safety threshold.",
        remediation: "Reduce the requested volume or remove waste before dosing again.")

    public func check(jobName: String, request: ArgsOptionsEnvs) async throws {
        guard jobName == "add_media" || jobName == "add_alt_media",
              let mlValue = request.options["ml"],
              let experiment = request.envValue("EXPERIMENT"), !experiment.isEmpty
        else { return }
        guard let ml = Self.number(mlValue) else {
            throw UnitError(400, "Invalid 'ml' value.", cause: "options.ml must be a number, got \(mlValue.encoded()).",
                            remediation: "Send ml as a number of millilitres.")
        }
        guard ml >= 0 else { return }

        let threshold: Double
        if let name = request.envValue("MODEL_NAME"), let version = request.envValue("MODEL_VERSION") {
            // An unregistered pair skips the check, as in the reference.
            guard let model = models.model(name: name, version: version) else { return }
            threshold = model.reactorMaxFillVolumeML
        } else {
            threshold = unitModel.reactorMaxFillVolumeML
        }
        let current = try await bioreactor.value(experiment: experiment, variable: BioreactorVariable.named("current_volume_ml")!)
        if current + ml >= threshold { throw Self.refused }
    }

    /// Python `float(x)` on the decoded JSON value.
    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text): return PythonFloat.parse(text)
        default: return nil
        }
    }
}
