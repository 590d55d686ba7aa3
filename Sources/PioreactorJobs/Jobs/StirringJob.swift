import Foundation
import PioreactorCore

/// `stirring` (jobs.md §8.1): kick-start, closed-loop RPM control on the tachometer, published
/// `target_rpm`, `duty_cycle` and `measured_rpm`.
public actor StirringJob: BackgroundJob {
    public nonisolated let jobName = "stirring"
    public nonisolated let publishedSettings = JobCatalog.builtIn.job(named: "stirring")?.publishedSettings ?? []

    let context: JobContext
    var targetRPM: Double?
    var useRPM: Bool
    let measureOnly: Bool
    var dutyCycle: Double
    var pid: PIDController
    var calibration: DecodedCalibration?
    var output: PWMOutput?
    let secondsBetweenUpdates: Double

    /// Options: `target_rpm`, `use_rpm`, `duty_cycle`, `measure_rpm_only` (defaults from `[stirring.config]`).
    public init(context: JobContext, options: OptionValues) throws {
        self.context = context
        let configured = context.double("stirring.config", "initial_target_rpm", 500)
        useRPM = try options.bool("use_rpm") ?? context.bool("stirring.config", "use_rpm", true)
        measureOnly = try options.bool("measure_rpm_only") ?? false
        let target = min(max(try options.double("target_rpm") ?? configured, 0), 1500)
        targetRPM = useRPM ? target : nil
        dutyCycle = try options.double("duty_cycle") ?? context.double("stirring.config", "initial_duty_cycle", 30)
        secondsBetweenUpdates = context.double("stirring.config", "duration_between_updates_seconds", 23)
        pid = PIDController(
            kp: context.double("stirring.pid", "Kp", 0.005), ki: context.double("stirring.pid", "Ki", 0),
            kd: context.double("stirring.pid", "Kd", 0), setpoint: target, outputLimit: 7.5)
    }

    public func start(_ runtime: JobRuntime) async throws {
        guard let channel = context.pwmChannel(for: "stirring") else {
            throw JobFailure("Config entry not found. Add `stirring` to `PWM` section.")
        }
        let output = PWMOutput(channel: channel, context: context)
        guard try await output.lock() else { throw JobFailure("PWM channel \(channel) is already in use.") }
        self.output = output
        calibration = await context.activeCalibration(device: "stirring")
        if let calibration, let target = targetRPM, let estimate = try? calibration.yToX(target) {
            dutyCycle = estimate
        }
        await runtime.publish("enable_dodging_od", .bool(false))
        await runtime.publish("currently_dodging_od", .bool(false))
        await runtime.publish("target_rpm", targetRPM.map(SettingValue.double))
        try await kick(seconds: 0.5)
        try await apply(dutyCycle, runtime)
    }

    public func run(_ runtime: JobRuntime) async throws {
        try await context.clock.sleep(6)
        while !Task.isCancelled {
            try await runtime.waitWhileSleeping()
            try await poll(runtime)
            try await context.clock.sleep(secondsBetweenUpdates)
        }
    }

    /// One feedback cycle: measure, publish, correct the duty cycle.
    func poll(_ runtime: JobRuntime) async throws {
        let target = targetRPM ?? 0
        // The hall sensor is read for max(1, min(10/(rpm/60), 5)) s.
        let window = target > 0 ? max(1, min(10 / (target / 60), 5)) : 1
        try await context.clock.sleep(window)
        let measured = try context.hardware.measureRPM()
        await runtime.publish("measured_rpm", .json(Self.measuredRPM(measured)))
        guard useRPM, !measureOnly, let targetRPM else { return }
        if measured == 0 && targetRPM > 0 {
            context.logger.warning("Stirring RPM is 0 - attempting to restart it automatically. Target RPM is \(targetRPM).")
            try await output?.set(dutyCycle: 0)
            try await context.clock.sleep(0.75)
            try await kick(seconds: 0.75)
            try await apply(min(1.01 * dutyCycle, 60), runtime)
            return
        }
        let delta = pid.update(measured, dt: secondsBetweenUpdates)
        try await apply(dutyCycle + delta, runtime)
    }

    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        switch setting {
        case "target_rpm":
            let rpm = min(max(try SettingText.double(text, setting: setting), 0), 5000)
            try await setTargetRPM(rpm, runtime)
        case "duty_cycle":
            try await apply(try SettingText.double(text, setting: setting), runtime)
        case "enable_dodging_od":
            guard let flag = SettingText.bool(text) else { throw JobFailure("not a boolean: \(text)") }
            await runtime.update("enable_dodging_od", .bool(flag))
        default:
            throw JobFailure("Unable to set \(setting) in stirring.")
        }
    }

    func setTargetRPM(_ rpm: Double, _ runtime: JobRuntime) async throws {
        let previousDC = dutyCycle
        targetRPM = rpm
        pid.setpoint = rpm
        await runtime.update("target_rpm", .double(rpm))
        var estimate = dutyCycle
        if rpm == 0 {
            estimate = 0
        } else if let calibration, let fromCurve = try? calibration.yToX(rpm) {
            estimate = 1.05 * (dutyCycle - 0.9 * (dutyCycle - fromCurve))
        }
        if previousDC == 0 && rpm > 0 { try await kick(seconds: 0.35) }
        try await apply(estimate, runtime)
    }

    public func sleep(_ runtime: JobRuntime) async {
        try? await output?.set(dutyCycle: 0)
        await runtime.publish("measured_rpm", .json(Self.measuredRPM(0)))
    }

    public func wake(_ runtime: JobRuntime) async {
        try? await kick(seconds: 0.5)
        try? await output?.set(dutyCycle: dutyCycle)
    }

    public func disconnect(_ runtime: JobRuntime) async {
        await output?.release()
    }

    /// 100 % for a moment to get a stopped rotor turning.
    func kick(seconds: Double) async throws {
        try await output?.set(dutyCycle: 100)
        try await context.clock.sleep(seconds)
    }

    /// Sets and publishes the duty cycle, clamped to [0, 100] and rounded to 5 decimals.
    func apply(_ dc: Double, _ runtime: JobRuntime) async throws {
        dutyCycle = (min(max(dc, 0), 100) * 100_000).rounded() / 100_000
        try await output?.set(dutyCycle: dutyCycle)
        await runtime.publish("duty_cycle", .double(dutyCycle))
    }

    /// `MeasuredRPM` JSON: `{"measured_rpm":…,"timestamp":…}`.
    static func measuredRPM(_ rpm: Double) -> JSONValue {
        .object(JSONObject([("measured_rpm", .double((rpm * 1000).rounded() / 1000)), ("timestamp", .string(StructTimestamp.now()))]))
    }
}
