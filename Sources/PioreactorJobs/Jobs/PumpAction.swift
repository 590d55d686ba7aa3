import Foundation
import PioreactorCore
import PioreactorHardware

/// `add_media`, `add_alt_media`, `remove_waste` (jobs.md §5.1): a managed action that runs a
/// pump by ml or duration (or continuously), reporting volume in 0.5 s chunks into the
/// experiment's bioreactor values (§5.3) and the simulated vial.
public actor PumpAction: BackgroundJob {
    public nonisolated let jobName: String
    public nonisolated let isManagedAction = true
    public nonisolated let publishedSettings: [PublishedSettingSpec] = []
    public nonisolated let pump: PumpRole

    let context: JobContext
    let ml: Double?
    let duration: Double?
    let continuously: Bool
    let sourceOfEvent: String
    var output: PWMOutput?
    /// The volume moved so far (what the action returns).
    public private(set) var movedML = 0.0

    /// The reference default pump calibration: 0.0911 mL/s at 100 % DC.
    static let defaultFlowMLPerSecond = 0.0911
    static let chunkSeconds = 0.5

    public static func jobName(for pump: PumpRole) -> String {
        switch pump {
        case .media: "add_media"
        case .altMedia: "add_alt_media"
        case .waste: "remove_waste"
        }
    }

    public static func pump(forJob name: String) -> PumpRole? {
        PumpRole.allCases.first { jobName(for: $0) == name }
    }

    var device: String { "\(pump.rawValue)_pump" }

    /// Validates the mode like the reference (ValueError texts) before anything registers.
    public init(context: JobContext, pump: PumpRole, options: OptionValues) throws {
        self.context = context
        self.pump = pump
        jobName = Self.jobName(for: pump)
        ml = try options.double("ml")
        duration = try options.double("duration")
        continuously = try options.bool("continuously") ?? false
        sourceOfEvent = options.string("source_of_event") ?? "CLI"
        if ml == nil && duration == nil && !continuously { throw JobFailure("ValueError: either ml or duration must be set") }
        if ml != nil && duration != nil { throw JobFailure("ValueError: Only select ml or duration") }
        if let ml, ml < 0 { throw JobFailure("ValueError: ml should be greater than or equal to 0") }
        if let duration, duration < 0 { throw JobFailure("ValueError: seconds must be >= 0") }
    }

    public func start(_ runtime: JobRuntime) async throws {}

    public func run(_ runtime: JobRuntime) async throws {
        guard let channel = context.pwmChannel(for: pump.rawValue) else {
            context.logger.error("Config entry not found. Add `\(pump.rawValue)` to `PWM` section to config_\(context.unit).ini.")
            return
        }
        let calibration = await context.activeCalibration(device: device)
        let toML: @Sendable (Double) -> Double = { seconds in
            if let calibration, let value = try? calibration.xToY(seconds) { return max(0, value) }
            return Self.defaultFlowMLPerSecond * seconds
        }
        var seconds: Double
        var target: Double
        if let ml {
            guard let calibration else {
                throw JobFailure("CalibrationError: Active calibration not found. Run \(device) calibration: `pio calibrations run --device \(device)`, or set active with `pio calibrations set-active`")
            }
            seconds = try calibration.yToX(ml)
            target = ml
            context.logger.info("\(Self.humanReadable(ml: ml, seconds: nil, device: device))")
        } else if let duration {
            seconds = duration
            target = toML(duration)
            context.logger.info("\(Self.humanReadable(ml: nil, seconds: duration, device: device))")
        } else {
            seconds = .infinity
            target = .infinity
            context.logger.info("Running \(device) continuously.")
        }
        let output = PWMOutput(channel: channel, context: context)
        guard try await output.lock() else {
            context.logger.error("Pump's GPIO pin is already in use by another task. Either too many jobs are trying to access this pump's pin, or a job didn't clean up properly. If your confident you can release it, use `pio cache purge pwm_locks \(output.pin) --as-int` on the command line for \(context.unit)")
            return
        }
        self.output = output
        let dc = calibration?.json["dc"]?.numberValue ?? 100
        try await output.set(dutyCycle: dc)
        var elapsed = 0.0
        do {
            while elapsed < seconds {
                try Task.checkCancellation()
                let step = min(Self.chunkSeconds, seconds - elapsed)
                let chunk = target.isFinite ? min(toML(Self.chunkSeconds), target - movedML) : toML(step)
                // Volume is reported before it is pumped, like the reference's dosing events.
                try await report(chunk)
                try context.hardware.runPump(pump, seconds: step, mlPerSecond: step > 0 ? chunk / step : 0)
                try await context.clock.sleep(step)
                elapsed += step
            }
        } catch is CancellationError {
            // Stopped early: one correcting event for what was reported but not pumped.
            let correction = toML(elapsed) - movedML
            if abs(correction) > 1e-9 { try? await report(correction) }
        }
        await output.release()
        self.output = nil
        context.logger.info("\(jobName) moved \(JSONValue.pythonFloatRepr((movedML * 1000).rounded() / 1000)) mL.")
    }

    /// A `DosingEvent` on `dosing_events`; updates the bookkept volume and alt-media fraction
    /// (§5.3) and republishes them on `bioreactor/<variable>`.
    func report(_ volumeChange: Double) async throws {
        movedML += volumeChange
        let event = JSONValue.object(JSONObject([
            ("volume_change", .double(volumeChange)), ("event", .string(jobName)),
            ("source_of_event", .string(sourceOfEvent)), ("timestamp", .string(StructTimestamp.now())),
        ]))
        context.bus.publish("dosing_events", event.encoded(), qos: 2, retain: false)
        do {
            let (volume, fraction) = try await context.bioreactor.applyDosingEvent(
                experiment: context.experiment, event: jobName, volumeChange: volumeChange)
            context.bus.publish("bioreactor/current_volume_ml", JSONValue.pythonFloatRepr(volume), qos: 2, retain: true)
            context.bus.publish("bioreactor/alt_media_fraction", JSONValue.pythonFloatRepr(fraction), qos: 2, retain: true)
        } catch let error as UnitError {
            context.logger.warning("Bioreactor values not updated: \(error.error)")
        }
    }

    public func disconnect(_ runtime: JobRuntime) async {
        await output?.release()
    }

    static func humanReadable(ml: Double?, seconds: Double?, device: String) -> String {
        let verb = device == "waste_pump" ? "Removing" : "Adding"
        let noun = device == "media_pump" ? "media" : device == "alt_media_pump" ? "alt-media" : "waste"
        if let ml { return "\(verb) \(ml.formatted2)mL of \(noun)" }
        return "\(verb) \(noun) for \((seconds ?? 0).formatted2)s"
    }
}

extension Double {
    /// Two decimals, Python `round(x, 2)` style for logs.
    var formatted2: String { JSONValue.pythonFloatRepr((self * 100).rounded() / 100) }
}
