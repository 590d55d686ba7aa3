import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

@Suite(.serialized) struct DosingAutomationTests {
    @Test func chemostatExchangesThroughNestedPumpActions() async throws {
        let unit = try TempUnit(speedup: 200)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "dosing_automation")
        let active = ActiveDeviceNames.calibrations(in: context.persistent)
        try await active.setName("media_pump-2026-02-10", for: "media_pump")
        try await active.setName("waste_pump-2026-02-10", for: "waste_pump")
        let job = try DosingAutomationJob(
            context: context, automationName: "chemostat", options: OptionValues(["duration": "10"]),
            arguments: ["exchange_volume_ml": "0.5"])
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually(timeout: 15) {
            guard case .string(let text)? = try await store.setting(jobName: "dosing_automation", setting: "latest_event") else { return false }
            return text.contains("DilutionEvent")
        })
        let settings = try await store.settings(jobName: "dosing_automation")
        #expect(abs((settings["media_throughput"]?.numberValue ?? 0) - 0.5) < 1e-6)
        #expect(settings["exchange_volume_ml"] == .double(0.5))
        let names = try await store.allJobs().compactMap { $0["job_name"]?.stringValue }
        #expect(names.contains("add_media") && names.contains("remove_waste"))
        // Media in, then waste out down to the efflux tube.
        let volume = try await context.bioreactor.value(experiment: "exp1", variable: BioreactorVariable.named("current_volume_ml")!)
        #expect(abs(volume - 14) < 1e-6)
        #expect(try await context.persistent.cache("media_throughput").getFloat(.text("exp1")) == settings["media_throughput"]?.numberValue)

        await runtime.requestStop()
        #expect(await running.value == 0)
        #expect(try await store.runningJobs().isEmpty)
    }

    @Test func chemostatNeedsPumpCalibrationsAndSilentDoesNothing() async throws {
        let unit = try TempUnit(speedup: 200)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "dosing_automation")
        let chemostat = try DosingAutomationJob(
            context: context, automationName: "chemostat", options: OptionValues(), arguments: ["exchange_volume_ml": "1"])
        #expect(await JobRuntime(context: context, job: chemostat).run(trapSignals: false) == 1)
        #expect(throws: JobFailure.self) {
            try DosingAutomationJob(context: context, automationName: "chemostat", options: OptionValues(), arguments: [:])
        }
        #expect(throws: JobFailure.self) {
            try DosingAutomationJob(context: context, automationName: "nope", options: OptionValues(), arguments: [:])
        }
        let silent = try DosingAutomationJob(context: context, automationName: "silent", options: OptionValues(), arguments: [:])
        let runtime = JobRuntime(context: context, job: silent)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            try await store.setting(jobName: "dosing_automation", setting: "$state") == .string("ready")
        })
        #expect(try await store.setting(jobName: "dosing_automation", setting: "duration") == .double(60))
        // The reference's silent returns None, which leaves `latest_event` empty.
        #expect(try await SilentAutomation().execute(FakeDosingIO()) == nil)
        #expect(try await store.setting(jobName: "dosing_automation", setting: "latest_event") == nil)
        await runtime.requestStop()
        #expect(await running.value == 0)
    }

    @Test func turbidostatJobReportsStaleReadingsAndTakesSettings() async throws {
        let unit = try TempUnit(speedup: 200)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "dosing_automation")
        let active = ActiveDeviceNames.calibrations(in: context.persistent)
        try await active.setName("media_pump-2026-02-10", for: "media_pump")
        try await active.setName("waste_pump-2026-02-10", for: "waste_pump")
        // Readings 2 simulated hours old.
        let source = await FakeReadings.culture(nOD: 3, growthRate: 0.3, age: 7200 / 200)
        let job = try DosingAutomationJob(
            context: context, automationName: "turbidostat", options: OptionValues(["duration": "60"]),
            arguments: ["target_biomass": "1.2", "exchange_volume_ml": "0.5"], source: source)
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            guard let text = try await store.setting(jobName: "dosing_automation", setting: "latest_event")?.stringValue else { return false }
            return text == #"{"event_name":"ErrorOccurred","message":"readings are too stale (over 5 minutes old) - are `od_reading` and `growth_rate_calculating` running?","data":null}"#
        })
        let settings = try await store.settings(jobName: "dosing_automation")
        #expect(settings["duration"] == .double(0.25))  // forced, whatever the option said
        #expect(settings["biomass_signal"] == .string("normalized_od"))
        #expect(settings["target_biomass"] == .double(1.2))
        #expect(try await store.allJobs().allSatisfy { $0["job_name"] != .string("add_media") })

        // duration is read-only for the turbidostat; target_biomass is validated and republished.
        await runtime.handleSetRequest(setting: "duration", text: "5")
        await runtime.handleSetRequest(setting: "target_biomass", text: "not a number")
        await runtime.handleSetRequest(setting: "biomass_signal", text: "od")
        try await store.requestSettingChange(jobName: "dosing_automation", settings: JSONObject([("target_biomass", .double(2.5))]))
        #expect(try await eventually(timeout: 3) {
            try await store.setting(jobName: "dosing_automation", setting: "target_biomass") == .double(2.5)
        })
        #expect(try await store.setting(jobName: "dosing_automation", setting: "duration") == .double(0.25))
        #expect(try await store.setting(jobName: "dosing_automation", setting: "biomass_signal") == .string("od"))
        await runtime.requestStop()
        #expect(await running.value == 0)
    }

    @Test func automationsCheckTheirCalibrationsAndOptions() async throws {
        let unit = try TempUnit(speedup: 200)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "dosing_automation")
        let fedBatch = try DosingAutomationJob(
            context: context, automationName: "fed_batch", options: OptionValues(), arguments: ["dosing_volume_ml": "0.5"])
        #expect(await JobRuntime(context: context, job: fedBatch).run(trapSignals: false) == 1)
        for (name, arguments) in [
            ("turbidostat", ["target_biomass": "1"]), ("turbidostat", ["exchange_volume_ml": "1", "target_biomass": "x"]),
            ("fed_batch", [:]), ("pid_morbidostat", ["target_growth_rate": "0.1"]), ("chemostat", ["exchange_volume_ml": "-2"]),
        ] {
            #expect(throws: JobFailure.self) {
                try DosingAutomationJob(context: context, automationName: name, options: OptionValues(), arguments: arguments)
            }
        }
        #expect(throws: JobFailure.self) {
            try DosingAutomationJob(context: context, automationName: "silent", options: OptionValues(["duration": "0"]), arguments: [:])
        }

        // pid_morbidostat: the exchange volume is μ_target × V × duration/60 (0.1 × 14 × 0.5 h).
        let active = ActiveDeviceNames.calibrations(in: context.persistent)
        for device in ["media_pump", "waste_pump", "alt_media_pump"] { try await active.setName("\(device)-2026-02-10", for: device) }
        let morbidostat = try DosingAutomationJob(
            context: context, automationName: "pid_morbidostat", options: OptionValues(["duration": "30", "skip_first_run": "1"]),
            arguments: ["target_growth_rate": "0.1", "target_normalized_od": "1.5", "exchange_volume_ml": "9"])
        let runtime = JobRuntime(context: context, job: morbidostat)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            try await store.setting(jobName: "dosing_automation", setting: "exchange_volume_ml") == .double(0.7)
        })
        #expect(try await store.setting(jobName: "dosing_automation", setting: "target_normalized_od") == .double(1.5))
        await runtime.requestStop()
        #expect(await running.value == 0)
    }
}
