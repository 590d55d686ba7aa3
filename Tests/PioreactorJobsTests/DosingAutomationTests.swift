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
            try await store.setting(jobName: "dosing_automation", setting: "latest_event")
                == .string(#"{"event_name":"NoEvent","message":null,"data":null}"#)
        })
        #expect(try await store.setting(jobName: "dosing_automation", setting: "duration") == .double(60))
        await runtime.requestStop()
        #expect(await running.value == 0)
    }
}
