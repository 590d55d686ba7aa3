import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

@Suite(.serialized) struct SensorJobTests {
    func start(_ unit: TempUnit, _ job: any BackgroundJob, _ context: JobContext) -> (JobRuntime, Task<Int32, Never>) {
        let runtime = JobRuntime(context: context, job: job)
        return (runtime, Task { await runtime.run(trapSignals: false) })
    }

    @Test func odReadingPublishesRawReadingsInTheSpecShape() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "od_reading")
        let job = try ODReadingJob(context: context, options: OptionValues(["interval": "1"]))
        let (runtime, running) = start(unit, job, context)
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) { try await store.setting(jobName: "od_reading", setting: "ods") != nil })
        let settings = try await store.settings(jobName: "od_reading")
        #expect(settings["interval"] == .double(1))
        #expect(settings["ir_led_intensity"] == .double(65))  // unit_config.ini override
        let od2 = try JSONValue.parse(Data(try #require(settings["od2"]?.stringValue).utf8))
        #expect(od2.objectValue?.keys == ["calibrated", "timestamp", "angle", "od", "channel", "ir_led_intensity"])
        #expect(od2["angle"] == .string("90") && od2["channel"] == .string("2") && od2["calibrated"] == .int(0))
        #expect((od2["od"]?.numberValue ?? 0) > 0)
        #expect(od2["timestamp"]?.stringValue?.hasSuffix("000Z") == true)
        let ods = try JSONValue.parse(Data(try #require(settings["ods"]?.stringValue).utf8))
        #expect(ods.objectValue?.keys == ["timestamp", "ods"])
        #expect(settings["od1"] == nil)  // channel 1 is REF

        try await store.requestSettingChange(jobName: "od_reading", settings: JSONObject([("interval", .string("2.5"))]))
        #expect(try await eventually(timeout: 2) { try await store.setting(jobName: "od_reading", setting: "interval") == .double(2.5) })
        await runtime.requestStop()
        #expect(await running.value == 0)
        #expect(try await store.runningJobs().isEmpty)
    }

    @Test func odReadingUsesTheActiveCalibration() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let context0 = try await unit.context()
        try await ActiveDeviceNames.calibrations(in: context0.persistent).setName("od90-standards-2026-03", for: "od90")
        let context = try await unit.context(jobName: "od_reading")
        // The calibration was made at IR intensity 70.
        let job = try ODReadingJob(context: context, options: OptionValues(["interval": "1", "ir_led_intensity": "70"]))
        let (runtime, running) = start(unit, job, context)
        let store = try unit.store()
        // od2 is published after raw_od2 and calibrated_od2 in each reading, so it is the one to wait for.
        #expect(try await eventually(timeout: 10) { try await store.setting(jobName: "od_reading", setting: "od2") != nil })
        let calibrated = try JSONValue.parse(Data(try #require(try await store.setting(jobName: "od_reading", setting: "od2")?.stringValue).utf8))
        #expect(calibrated["calibrated"] == .int(1))
        #expect(calibrated["calibration_name"] == .string("od90-standards-2026-03"))
        // The calibrated OD is the curve applied to the raw reading of the same pulse (a snapshot
        // may fall between the two writes of a reading, so look until one holds a whole pair).
        let curve = try #require(await context.activeCalibration(device: "od90"))
        var pair: (raw: JSONValue, calibrated: JSONValue)?
        let deadline = Date().addingTimeInterval(5)
        while pair == nil, Date() < deadline {
            let all = try await store.settings(jobName: "od_reading")
            if let rawText = all["raw_od2"]?.stringValue, let calibratedText = all["calibrated_od2"]?.stringValue {
                let raw = try JSONValue.parse(Data(rawText.utf8)), calibrated = try JSONValue.parse(Data(calibratedText.utf8))
                if raw["timestamp"] == calibrated["timestamp"] { pair = (raw, calibrated) }
            }
        }
        let matched = try #require(pair)
        let expected = try curve.yToX(try #require(matched.raw["od"]?.numberValue))
        #expect(abs((matched.calibrated["od"]?.numberValue ?? 9) - expected) < 1e-9)
        await runtime.requestStop()
        #expect(await running.value == 0)
    }

    /// A calibration made at another IR intensity would give a wrong OD: only raw readings are
    /// published, as the reference does, and each reading logs why.
    @Test func odReadingRefusesACalibrationMadeAtAnotherIRIntensity() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let context0 = try await unit.context()
        try await ActiveDeviceNames.calibrations(in: context0.persistent).setName("od90-standards-2026-03", for: "od90")
        let context = try await unit.context(jobName: "od_reading")
        let job = try ODReadingJob(context: context, options: OptionValues(["interval": "1", "ir_led_intensity": "80"]))
        let (runtime, running) = start(unit, job, context)
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) { try await store.setting(jobName: "od_reading", setting: "raw_od2") != nil })
        let raw = try JSONValue.parse(Data(try #require(try await store.setting(jobName: "od_reading", setting: "raw_od2")?.stringValue).utf8))
        #expect(raw["calibrated"] == .int(0) && raw["ir_led_intensity"] == .double(80))
        #expect(try await store.setting(jobName: "od_reading", setting: "od2") == nil)
        #expect(try await store.setting(jobName: "od_reading", setting: "calibrated_od2") == nil)
        #expect(try await store.setting(jobName: "od_reading", setting: "ods") == nil)
        await runtime.requestStop()
        #expect(await running.value == 0)
        let log = try String(contentsOf: unit.logFile, encoding: .utf8)
        #expect(log.contains("ERROR Error in calibration transformer: IR LED intensity 80.0 does not match calibration 70.0 for channel 2."))
    }

    @Test func thermostatHeatsTowardTheTarget() async throws {
        let unit = try TempUnit(speedup: 2000)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "temperature_automation")
        let job = try TemperatureAutomationJob(context: context, automationName: "thermostat", arguments: ["target_temperature": "30"])
        let (runtime, running) = start(unit, job, context)
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            guard case .string(let text)? = try await store.setting(jobName: "temperature_automation", setting: "latest_event") else { return false }
            return text.contains("UpdatedHeaterDC")
        })
        let settings = try await store.settings(jobName: "temperature_automation")
        #expect(settings["automation_name"] == .string("thermostat"))
        #expect(settings["target_temperature"] == .double(30))
        #expect((settings["heater_duty_cycle"]?.numberValue ?? 0) > 0)
        let temperature = try JSONValue.parse(Data(try #require(settings["temperature"]?.stringValue).utf8))
        #expect(temperature.objectValue?.keys == ["timestamp", "temperature"])

        try await store.requestSettingChange(jobName: "temperature_automation", settings: JSONObject([("target_temperature", .double(99))]))
        // Clamped to the model's max_temp_to_reduce_heating.
        #expect(try await eventually(timeout: 2) {
            try await store.setting(jobName: "temperature_automation", setting: "target_temperature") == .double(context.model.maxTempToReduceHeating)
        })
        await runtime.requestStop()
        #expect(await running.value == 0)
        let sim = try Data(contentsOf: unit.run.appendingPathComponent("simulator/state.json"))
        #expect(try JSONValue.parse(sim)["heaterDutyCycle"]?.numberValue == 0)
    }

    /// Like the reference, the thermostat reads the heating surface and acts at start-up, unless
    /// the heater was on less than 10 s ago (the surface would still be warm).
    @Test func thermostatActsAtStartUnlessTheHeaterWasJustOn() async throws {
        let unit = try TempUnit(speedup: 1)  // the first inference is 95 s away
        defer { unit.remove() }
        let store = try unit.store()
        let arguments = ["target_temperature": "30"]
        let context = try await unit.context(jobName: "temperature_automation")
        let first = start(unit, try TemperatureAutomationJob(context: context, automationName: "thermostat", arguments: arguments), context)
        #expect(try await eventually(timeout: 10) {
            guard case .string(let text)? = try await store.setting(jobName: "temperature_automation", setting: "latest_event") else { return false }
            return text.contains("UpdatedHeaterDC")
        })
        #expect(try await store.setting(jobName: "temperature_automation", setting: "temperature") != nil)
        await first.0.requestStop()
        #expect(await first.1.value == 0)

        let again = try await unit.context(jobName: "temperature_automation")
        let second = start(unit, try TemperatureAutomationJob(context: again, automationName: "thermostat", arguments: arguments), again)
        #expect(try await eventually(timeout: 10) { try await store.setting(jobName: "temperature_automation", setting: "$state") == .string("ready") })
        #expect(try await store.setting(jobName: "temperature_automation", setting: "latest_event") == nil)
        #expect(try await store.setting(jobName: "temperature_automation", setting: "heater_duty_cycle") == .double(0))
        await second.0.requestStop()
        #expect(await second.1.value == 0)
    }

    @Test func onlyRecordTemperatureKeepsTheHeaterOffAndUnknownAutomationsFail() async throws {
        let unit = try TempUnit(speedup: 2000)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "temperature_automation")
        #expect(throws: JobFailure.self) {
            try TemperatureAutomationJob(context: context, automationName: "nope", arguments: [:])
        }
        #expect(throws: JobFailure.self) {
            try TemperatureAutomationJob(context: context, automationName: "thermostat", arguments: [:])
        }
        let job = try TemperatureAutomationJob(context: context, automationName: "only_record_temperature", arguments: [:])
        let (runtime, running) = start(unit, job, context)
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            try await store.setting(jobName: "temperature_automation", setting: "latest_event")
                == .string(#"{"event_name":"NoEvent","message":null,"data":null}"#)
        })
        #expect(try await store.setting(jobName: "temperature_automation", setting: "heater_duty_cycle") == .double(0))
        await runtime.requestStop()
        #expect(await running.value == 0)
    }

    @Test func runArgumentsFollowTheCatalog() throws {
        let stirring = try #require(JobCatalog.builtIn.command(named: "stirring"))
        let parsed = try RunArguments.parse(["--target-rpm", "400", "--use-rpm", "0", "--measure-rpm-only"], command: stirring)
        #expect(parsed.options.values == ["target_rpm": "400", "use_rpm": "0", "measure_rpm_only": "true"])
        #expect(throws: JobFailure.self) { try RunArguments.parse(["--bogus", "1"], command: stirring) }
        #expect(throws: JobFailure.self) { try RunArguments.parse(["--target-rpm"], command: stirring) }
        let automation = try #require(JobCatalog.builtIn.command(named: "temperature_automation"))
        let free = try RunArguments.parse(["--automation-name", "thermostat", "--target-temperature", "30"], command: automation)
        #expect(free.options.string("automation_name") == "thermostat")
        #expect(free.free == ["target_temperature": "30"])
        #expect(throws: JobFailure.self) { try RunArguments.parse(["--target-temperature", "30"], command: automation) }
        #expect(RunArguments.help(for: stirring).contains("--target-rpm FLOAT_RANGE  set the target RPM"))
    }
}
