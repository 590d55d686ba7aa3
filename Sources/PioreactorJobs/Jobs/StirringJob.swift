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
    /// The duty cycle we aim for (the reference's `_estimate_duty_cycle`); the PID moves it.
    var estimate: Double
    /// The duty cycle applied now, published as `duty_cycle` (100 during a kick, 0 asleep).
    var dutyCycle = 0.0
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
        estimate = try options.double("duty_cycle") ?? context.double("stirring.config", "initial_duty_cycle", 30)
        secondsBetweenUpdates = context.double("stirring.config", "duration_between_updates_seconds", 23)
        pid = PIDController(
            kp: context.double("stirring.pid", "Kp", 0.005), ki: context.double("stirring.pid", "Ki", 0),
            kd: context.double("stirring.pid", "Kd", 0), setpoint: target, limits: (.double(-7.5), .double(7.5)))
    }

    public func start(_ runtime: JobRuntime) async throws {
        guard let channel = context.pwmChannel(for: "stirring") else {
            throw JobFailure("Config entry not found. Add `stirring` to `PWM` section.")
        }
        let output = PWMOutput(channel: channel, context: context)
        guard try await output.lock() else { throw JobFailure("PWM channel \(channel) is already in use.") }
        self.output = output
        try await output.set(dutyCycle: 0)
        calibration = await context.activeCalibration(device: "stirring")
        if let calibration, let target = targetRPM, let fromCurve = try? calibration.yToX(target) {
            // The reference starts from the curve, then aims 5 % higher so the rotor does not stall.
            estimate = 1.05 * fromCurve
        }
        await runtime.publish("enable_dodging_od", .bool(false))
        await runtime.publish("currently_dodging_od", .bool(false))
        await runtime.publish("target_rpm", targetRPM.map(SettingValue.double))
        try await startStirring(runtime)
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
        guard await runtime.state == .ready else { return }
        if measured == 0 && targetRPM > 0 {
            context.logger.warning("Stirring RPM is 0 - attempting to restart it automatically. It may be a temporary stall, target RPM may be too low, insufficient power applied to fan, or not reading sensor correctly.")
            try await kickStirring(runtime)
        }
        // Like the reference, the PID's time step is 1 whatever the poll interval.
        estimate += pid.update(measured)
        context.bus.publishPIDLog(pid, jobName: jobName, target: "rpm")
        try await apply(estimate, runtime)
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

    /// A new target: a new estimate (from the calibration curve when there is one), applied at
    /// once unless asleep, with a kick when the rotor is stopped.
    func setTargetRPM(_ rpm: Double, _ runtime: JobRuntime) async throws {
        targetRPM = rpm
        pid.setpoint = rpm
        await runtime.update("target_rpm", .double(rpm))
        if rpm == 0 {
            estimate = 0
        } else if let calibration, let fromCurve = try? calibration.yToX(rpm) {
            estimate = 1.05 * (estimate - 0.9 * (estimate - fromCurve))
        }
        guard await runtime.state != .sleeping else { return }
        if dutyCycle == 0 {
            try await apply(100, runtime, wholeNumber: true)
            try await context.clock.sleep(0.35)
        }
        try await apply(estimate, runtime)
    }

    public func sleep(_ runtime: JobRuntime) async {
        try? await apply(0, runtime)
        // The reference writes this stopped rate as the integer 0.
        await runtime.publish("measured_rpm", .json(.object(JSONObject([("measured_rpm", .int(0)), ("timestamp", .string(StructTimestamp.now()))]))))
    }

    public func wake(_ runtime: JobRuntime) async {
        await runtime.publish("duty_cycle", .double(Self.rounded(estimate)))
        try? await startStirring(runtime)
    }

    public func disconnect(_ runtime: JobRuntime) async {
        await output?.release()
    }

    /// 100 % for half a second to get a stopped rotor turning, then the estimate.
    func startStirring(_ runtime: JobRuntime) async throws {
        try await apply(100, runtime, wholeNumber: true)
        try await context.clock.sleep(0.5)
        try await apply(estimate, runtime)
    }

    /// A stalled rotor: off, full power, then a little above the estimate (never above 60 %).
    func kickStirring(_ runtime: JobRuntime) async throws {
        context.logger.debug("Kicking stirring")
        try await apply(0, runtime)
        try await context.clock.sleep(0.75)
        try await apply(100, runtime, wholeNumber: true)
        try await context.clock.sleep(0.75)
        try await apply(min(1.01 * estimate, 60), runtime, wholeNumber: 1.01 * estimate > 60)
    }

    static func rounded(_ dc: Double) -> Double { (min(max(dc, 0), 100) * 100_000).rounded() / 100_000 }

    /// Sets and publishes the duty cycle, clamped to [0, 100] and rounded to 5 decimals.
    /// `wholeNumber`: the reference passes an int literal here (100, or the 60 cap), which its
    /// clamp keeps an int unless it is 0, so the payload is `100`, not `100.0`.
    func apply(_ dc: Double, _ runtime: JobRuntime, wholeNumber: Bool = false) async throws {
        dutyCycle = Self.rounded(dc)
        try await output?.set(dutyCycle: dutyCycle)
        await runtime.publish("duty_cycle", wholeNumber && dutyCycle > 0 ? .int(Int64(dutyCycle)) : .double(dutyCycle))
    }

    /// `MeasuredRPM` JSON: `{"measured_rpm":…,"timestamp":…}`.
    static func measuredRPM(_ rpm: Double) -> JSONValue {
        .object(JSONObject([("measured_rpm", .double((rpm * 1000).rounded() / 1000)), ("timestamp", .string(StructTimestamp.now()))]))
    }
}
