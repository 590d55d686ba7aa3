import Foundation
import PioreactorCore

/// `temperature_automation` (jobs.md §8.4) with `thermostat` and `only_record_temperature`:
/// heater PWM, PCB safety checks every 53 s, an inference cycle every 200 s.
public actor TemperatureAutomationJob: BackgroundJob {
    public nonisolated let jobName = "temperature_automation"
    public nonisolated let publishedSettings: [PublishedSettingSpec]
    public nonisolated let automationName: String

    let context: JobContext
    var targetTemperature: Double?
    var heaterDC = 0.0
    var pid: PIDController?
    var heater: PWMOutput?
    var inferring = false
    let inferenceInterval = 200.0
    let inferenceDuration = 105.0

    public static let automations = ["thermostat", "only_record_temperature"]

    /// `automation_name` is required; thermostat takes `target_temperature` (free `--key value` text).
    public init(context: JobContext, automationName: String, arguments: [String: String]) throws {
        guard let spec = JobCatalog.builtIn.job(named: "temperature_automation", automation: automationName),
              Self.automations.contains(automationName) else {
            throw JobFailure("Unknown temperature automation \(automationName). Available: \(Self.automations.joined(separator: ", ")).")
        }
        self.context = context
        self.automationName = automationName
        publishedSettings = spec.publishedSettings
        if automationName == "thermostat" {
            guard let text = arguments["target_temperature"] else { throw JobFailure("thermostat requires --target-temperature") }
            let value = try SettingText.double(text, setting: "target_temperature")
            targetTemperature = Self.clamp(value, context.model.maxTempToReduceHeating)
            pid = PIDController(
                kp: context.double("temperature_automation.thermostat", "Kp", 2.6),
                ki: context.double("temperature_automation.thermostat", "Ki", 0),
                kd: context.double("temperature_automation.thermostat", "Kd", 4.6),
                setpoint: targetTemperature, limits: (.int(-25), .int(25)))
        }
    }

    static func clamp(_ value: Double, _ maximum: Double) -> Double { min(max(value, 0), maximum) }

    public func start(_ runtime: JobRuntime) async throws {
        let output = PWMOutput(channel: SimulatorFactory.heaterChannel, context: context)
        guard try await output.lock() else { throw JobFailure("The heater PWM is already in use.") }
        heater = output
        await runtime.publish("automation_name", .string(automationName))
        if let targetTemperature { await runtime.publish("target_temperature", .double(targetTemperature)) }
        let cooledDown = await secondsSinceHeating() >= 10
        try await setHeater(0, runtime)
        if pid != nil, try await context.jobs.runningJobId(jobName: "stirring") == nil {
            context.logger.warning("It's recommended to have stirring on when using the thermostat.")
        }
        // A first reading right away, as the reference does, unless the heater was on moments
        // ago (the heating surface would still be warm and the reading off).
        if cooledDown {
            let pcb = try await readPCBTemperature(runtime)
            await runtime.publish("temperature", .json(Self.temperature(pcb)))
            try await execute(pcb, runtime)
        }
    }

    public func run(_ runtime: JobRuntime) async throws {
        async let safety: Void = safetyLoop(runtime)
        while !Task.isCancelled {
            try await context.clock.sleep(inferenceInterval - inferenceDuration)
            try await runtime.waitWhileSleeping()
            try await inferAndExecute(runtime)
        }
        try await safety
    }

    /// Heater off for the inference window, read the liquid temperature, restore, run the automation.
    func inferAndExecute(_ runtime: JobRuntime) async throws {
        let previous = heaterDC
        inferring = true
        try await heater?.set(dutyCycle: 0)
        try await context.clock.sleep(inferenceDuration)
        let liquid = try context.hardware.readLiquidTemperature()
        inferring = false
        try await heater?.set(dutyCycle: previous)
        await runtime.publish("temperature", .json(Self.temperature(liquid)))
        try await execute(liquid, runtime)
    }

    /// The automation's `execute()` for a new temperature.
    func execute(_ temperature: Double, _ runtime: JobRuntime) async throws {
        guard var controller = pid, let target = targetTemperature else {
            try await setHeater(0, runtime)
            await runtime.publish("latest_event", .json(AutomationEvent.json("NoEvent")))
            return
        }
        let delta = controller.update(temperature, dt: 1)
        pid = controller
        context.bus.publishPIDLog(controller, jobName: jobName, target: "temperature")
        try await setHeater(heaterDC + delta, runtime)
        let deltaJSON = controller.lastOutputJSON  // an int when clamped, as in the reference
        await runtime.publish("latest_event", .json(AutomationEvent.json("UpdatedHeaterDC", "delta_dc=\(deltaJSON.encoded())", data: JSONObject([
            ("current_dc", .double(heaterDC)), ("delta_dc", deltaJSON),
            ("target_temperature", .double(target)), ("latest_temperature", .double(temperature)),
        ]))))
    }

    /// PCB checks every 53 s: reduce above the model's reduce threshold, cut above disable.
    func safetyLoop(_ runtime: JobRuntime) async throws {
        while !Task.isCancelled {
            try await context.clock.sleep(53)
            _ = try await readPCBTemperature(runtime)
        }
    }

    /// The heating surface's temperature, recorded in `temperature_and_heating`; above the
    /// model's limits the heater is reduced or cut.
    func readPCBTemperature(_ runtime: JobRuntime) async throws -> Double {
        let pcb = try context.hardware.readHeaterPCBTemperature()
        try? await heatingCache.set(.text("heating_pcb_temperature"), .real(pcb))
        try? await heatingCache.set(.text("heating_pcb_temperature_at"), .text(StructTimestamp.now()))
        if pcb > context.model.maxTempToDisableHeating {
            context.logger.warning("Temperature of heating surface has exceeded \(context.model.maxTempToDisableHeating)℃ - currently \(pcb)℃. This is beyond our recommendations. The heating PWM channel will be forced to 0. Take caution when touching the heating surface and wetware.")
            try await setHeater(0, runtime)
        } else if pcb > context.model.maxTempToReduceHeating {
            context.logger.debug("Temperature of heating surface has exceeded \(context.model.maxTempToReduceHeating)℃ - currently \(pcb)℃. This is close to our maximum recommended value. The heating PWM channel will be reduced to 90% its current value. Take caution when touching the heating surface and wetware.")
            try await setHeater(heaterDC * 0.9, runtime)
        }
        return pcb
    }

    var heatingCache: KeyValueCache { context.intermittent.cache("temperature_and_heating") }

    /// Seconds since the heater was last turned off (`last_heating_timestamp`); large when never.
    func secondsSinceHeating() async -> Double {
        guard let text = try? await heatingCache.get(.text("last_heating_timestamp"))?.textValue,
              let date = StructTimestamp.parse(text) else { return 1_000_000 }
        return Date().timeIntervalSince(date)
    }

    func setHeater(_ dc: Double, _ runtime: JobRuntime) async throws {
        heaterDC = (min(max(dc, 0), 100) * 100).rounded() / 100
        if !inferring { try await heater?.set(dutyCycle: heaterDC) }
        await runtime.publish("heater_duty_cycle", .double(heaterDC))
        if heaterDC == 0 { try? await heatingCache.set(.text("last_heating_timestamp"), .text(StructTimestamp.now())) }
    }

    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        guard setting == "target_temperature", pid != nil else { throw JobFailure("Unable to set \(setting).") }
        let value = Self.clamp(try SettingText.double(text, setting: setting), context.model.maxTempToReduceHeating)
        targetTemperature = value
        pid?.setpoint = value
        await runtime.update("target_temperature", .double(value))
    }

    /// Asleep the heater is off; it comes back with the next inference after waking.
    public func sleep(_ runtime: JobRuntime) async { try? await setHeater(0, runtime) }
    public func wake(_ runtime: JobRuntime) async {}

    public func disconnect(_ runtime: JobRuntime) async {
        inferring = false
        try? await setHeater(0, runtime)
        await heater?.release()
    }

    static func temperature(_ value: Double) -> JSONValue {
        .object(JSONObject([("timestamp", .string(StructTimestamp.now())), ("temperature", .double((value * 100).rounded() / 100))]))
    }
}
