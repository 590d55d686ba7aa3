import Foundation
import PioreactorCore

/// `od_reading` (jobs.md §8.2): IR LED pulses, photodiode reads, dark-offset and REF-drift
/// correction, optional per-angle OD calibration; publishes `ods`, `odN`, `raw_odN`/`calibrated_odN`.
public actor ODReadingJob: BackgroundJob {
    public nonisolated let jobName = "od_reading"
    public nonisolated let publishedSettings = JobCatalog.builtIn.job(named: "od_reading")?.publishedSettings ?? []
    public nonisolated var clearedAtStart: [String] { ["first_od_obs_time"] }

    let context: JobContext
    var interval: Double
    var irIntensity: Double
    /// The LED channel `[leds]` names `IR`, looked up once.
    let irChannel: String?
    let channels: [(channel: String, angle: String)]
    var darkOffsets: [String: Double] = [:]
    var referenceInitial: Double?
    var referenceEMA: Double?
    let emaSmoothing: Double
    var calibrations: [String: DecodedCalibration] = [:]

    /// Options: `interval` (s), `ir_led_intensity` (%); defaults from `[od_reading.config]`.
    public init(context: JobContext, options: OptionValues) throws {
        self.context = context
        let samplesPerSecond = context.double("od_reading.config", "samples_per_second", 0.2)
        interval = try options.double("interval") ?? (samplesPerSecond > 0 ? 1 / samplesPerSecond : 5)
        let configured = ((try? context.config.value("od_reading.config", "ir_led_intensity")) ?? nil) ?? "80"
        irIntensity = try options.double("ir_led_intensity") ?? (configured == "auto" ? 70 : PythonFloat.parse(configured) ?? 80)
        emaSmoothing = context.double("od_reading.config", "pd_reference_ema", 0.75)
        channels = context.photodiodeChannels()
        guard interval > 0 else { throw JobFailure("interval must be > 0") }
        irChannel = ((try? context.config.keys(in: "leds")) ?? []).first { ((try? context.config.value("leds", $0)) ?? nil) == "IR" }
        guard (0...100).contains(irIntensity) else { throw JobFailure("ir_led_intensity must be between 0 and 100") }
    }

    var signalChannels: [(channel: String, angle: String)] { channels.filter { $0.angle != "REF" } }
    var referenceChannel: String? { channels.first { $0.angle == "REF" }?.channel }

    public func start(_ runtime: JobRuntime) async throws {
        guard !signalChannels.isEmpty else {
            throw JobFailure("No photodiode signal channels configured in [od_config.photodiode_channel].")
        }
        for (_, angle) in signalChannels where calibrations[angle] == nil {
            if let calibration = await context.activeCalibration(device: "od\(angle)") { calibrations[angle] = calibration }
        }
        // Dark offsets with every LED off.
        try context.hardware.setIRLED(intensity: 0)
        darkOffsets = try context.hardware.readPhotodiodes(channels: channels.map(\.channel))
        await runtime.publish("interval", .double(interval))
        await runtime.publish("ir_led_intensity", .double(irIntensity))
        await runtime.publish("first_od_obs_time", .double(Date().timeIntervalSince1970))
        warnAboutShortInterval()
    }

    func warnAboutShortInterval() {
        guard interval <= 1 else { return }
        context.logger.warning("Recommended to have the interval between readings be larger than 1.0 sec. Currently \(JSONValue.pythonFloatRepr(interval)) sec.")
    }

    public func run(_ runtime: JobRuntime) async throws {
        while !Task.isCancelled {
            try await runtime.waitWhileSleeping()
            try await readOnce(runtime)
            try await context.clock.sleep(interval)
        }
    }

    /// `leds/intensity` with the IR channel (`[leds]` names it `IR`) on or off around a reading, the
    /// other channels as the LED cache has them, as the reference's od_reading publishes it.
    func publishLEDs(irOn: Bool) async {
        let driver = LEDDriver(context: context)
        var state = (try? await driver.currentIntensities()) ?? [:]
        if let irChannel { state[irChannel] = irOn ? irIntensity : 0 }
        driver.publishState(state)
    }

    /// One reading: pulse the IR LED, read, correct, publish.
    func readOnce(_ runtime: JobRuntime) async throws {
        try context.hardware.setIRLED(intensity: irIntensity)
        await publishLEDs(irOn: true)
        try await context.clock.sleep(0.125)
        let voltages = try context.hardware.readPhotodiodes(channels: channels.map(\.channel))
        try context.hardware.setIRLED(intensity: 0)
        await publishLEDs(irOn: false)
        let timestamp = StructTimestamp.now()
        var drift = 1.0
        if let ref = referenceChannel, let raw = voltages[ref] {
            let value = raw - (darkOffsets[ref] ?? 0)
            if referenceInitial == nil, value > 0 { referenceInitial = value }
            if let initial = referenceInitial {
                let ratio = value / initial
                referenceEMA = referenceEMA.map { emaSmoothing * $0 + (1 - emaSmoothing) * ratio } ?? ratio
                drift = referenceEMA ?? 1
            }
            if Double.random(in: 0..<1) < 0.2 {
                await runtime.publish("relative_intensity_of_ir_led", .json(.object(JSONObject([
                    ("relative_intensity_of_ir_led", .double(drift)), ("timestamp", .string(timestamp)),
                ]))))
            }
        }
        let raws = signalChannels.map { channel, angle in
            let od = ((voltages[channel] ?? 0) - (darkOffsets[channel] ?? 0)) / (drift > 0 ? drift : 1)
            return (channel: channel, angle: angle, od: od, json: JSONObject([
                ("calibrated", .int(0)), ("timestamp", .string(timestamp)), ("angle", .string(angle)),
                ("od", .double(od)), ("channel", .string(channel)), ("ir_led_intensity", .double(irIntensity)),
            ]))
        }
        if let mismatch = calibrationMismatch() {
            // A curve made at another IR intensity would give a wrong OD: like the reference,
            // publish only the raw readings, clear the calibrated ones and log an error.
            await runtime.publish("ods", nil)
            for raw in raws {
                await runtime.publish("od\(raw.channel)", nil)
                await runtime.publish("calibrated_od\(raw.channel)", nil)
                await runtime.publish("raw_od\(raw.channel)", .json(.object(raw.json)))
            }
            context.logger.error("Error in calibration transformer: \(mismatch)")
            context.logger.error("\(mismatch)")
            return
        }
        var ods = JSONObject()
        for (channel, angle, od, json) in raws {
            var raw = json
            var reading = raw
            if let calibration = calibrations[angle], let calibrated = try? calibration.yToX(od) {
                reading = JSONObject([
                    ("calibrated", .int(1)), ("timestamp", .string(timestamp)), ("angle", .string(angle)),
                    ("od", .double(calibrated)), ("channel", .string(channel)), ("ir_led_intensity", .double(irIntensity)),
                    ("calibration_name", .string(calibration.name)),
                ])
                await runtime.publish("raw_od\(channel)", .json(.object(raw)))
                await runtime.publish("calibrated_od\(channel)", .json(.object(reading)))
            }
            raw = reading
            ods[channel] = .object(raw)
            await runtime.publish("od\(channel)", .json(.object(raw)))
        }
        await runtime.publish("ods", .json(.object(JSONObject([("timestamp", .string(timestamp)), ("ods", .object(ods))]))))
    }

    /// The reference's check of each active calibration against the IR intensity in use.
    func calibrationMismatch() -> String? {
        for (channel, angle) in signalChannels {
            guard let calibration = calibrations[angle],
                  let calibrated = calibration.json["ir_led_intensity"]?.numberValue, calibrated != irIntensity else { continue }
            return "IR LED intensity \(JSONValue.pythonFloatRepr(irIntensity)) does not match calibration \(JSONValue.pythonFloatRepr(calibrated)) for channel \(channel)."
        }
        return nil
    }

    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        let value = try SettingText.double(text, setting: setting)
        switch setting {
        case "interval":
            guard value > 0 else { throw JobFailure("interval must be > 0") }
            interval = value
            warnAboutShortInterval()
        case "ir_led_intensity":
            guard (0...100).contains(value) else { throw JobFailure("ir_led_intensity must be between 0 and 100") }
            irIntensity = value
        default:
            throw JobFailure("Unable to set \(setting) in od_reading.")
        }
        await runtime.update(setting, .double(value))
    }

    public func disconnect(_ runtime: JobRuntime) async {
        try? context.hardware.setIRLED(intensity: 0)
    }
}
