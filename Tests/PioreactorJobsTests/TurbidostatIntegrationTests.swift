import Foundation
import PioreactorCore
import PioreactorHardware
import Testing
@testable import PioreactorJobs

/// od_reading → growth_rate_calculating → turbidostat on one simulated vial, in-process and
/// accelerated (PIO_SIM_SPEEDUP 300): the jobs talk only through the published-settings table.
@Suite(.serialized) struct TurbidostatIntegrationTests {
    @Test func turbidostatHoldsTheCultureNearTheTarget() async throws {
        let unit = try TempUnit(speedup: 300)
        defer { unit.remove() }
        let odContext = try await unit.context(jobName: "od_reading")
        let active = ActiveDeviceNames.calibrations(in: odContext.persistent)
        try await active.setName("media_pump-2026-02-10", for: "media_pump")
        try await active.setName("waste_pump-2026-02-10", for: "waste_pump")
        // Start past the lag phase so the culture grows at ≈ μ_max (0.3 h⁻¹) from the first reading.
        let vial = try #require(odContext.hardware as? SimulatedBioreactor)
        try vial.file.update(makeInitial: { SimulatorState.initial(now: Date().timeIntervalSince1970) }) { $0.simulatedHours = 1.5 }

        let target = 1.15
        let growthContext = try await unit.context(jobName: "growth_rate_calculating")
        let dosingContext = try await unit.context(jobName: "dosing_automation")
        let runtimes = [
            JobRuntime(context: odContext, job: try ODReadingJob(context: odContext, options: OptionValues())),
            JobRuntime(context: growthContext, job: try GrowthRateCalculatingJob(context: growthContext)),
            JobRuntime(context: dosingContext, job: try DosingAutomationJob(
                context: dosingContext, automationName: "turbidostat", options: OptionValues(),
                arguments: ["target_biomass": String(target), "exchange_volume_ml": "0.5"])),
        ]
        let tasks = runtimes.map { runtime in Task { await runtime.run(trapSignals: false) } }
        let store = try unit.store()

        func filteredOD() async throws -> Double? {
            guard let text = try await store.setting(jobName: "growth_rate_calculating", setting: "od_filtered")?.stringValue else { return nil }
            return try JSONValue.parse(text)["od_filtered"]?.numberValue
        }
        func mediaThroughput() async throws -> Double {
            try await store.setting(jobName: "dosing_automation", setting: "media_throughput")?.numberValue ?? 0
        }

        var failure: (any Error)?
        do {
            // The first exchange comes once nOD reaches the target (≈ 0.47 h of growth).
            #expect(try await eventually(timeout: 20) { try await mediaThroughput() > 0 })
            let biomassAtFirstDose = try vial.snapshot().biomass
            // Six exchanges of 0.5 mL: without dosing the culture would grow ≈ 20 % over that time.
            #expect(try await eventually(timeout: 20) { try await mediaThroughput() >= 3 - 1e-6 })
            let biomassNow = try vial.snapshot().biomass
            #expect(biomassNow / biomassAtFirstDose > 0.9 && biomassNow / biomassAtFirstDose < 1.1)
            let nOD = try #require(try await filteredOD())
            #expect(nOD > 0.9 * target && nOD < 1.05 * target)
            let growth = try #require(try await store.setting(jobName: "growth_rate_calculating", setting: "growth_rate")?.stringValue)
            #expect(abs((try JSONValue.parse(growth)["growth_rate"]?.numberValue ?? 0) - 0.3) < 0.1)
            // Each exchange ran as nested pump actions, and the volume is back at the efflux level.
            let pumpRuns = try await store.allJobs().filter { $0["job_name"] == .string("add_media") }.count
            #expect(pumpRuns >= 6)
            let volume = try await dosingContext.bioreactor.value(experiment: "exp1", variable: BioreactorVariable.named("current_volume_ml")!)
            #expect(volume < 14.6)
            #expect(try await store.setting(jobName: "dosing_automation", setting: "duration") == .double(0.25))
        } catch {
            failure = error
        }
        for runtime in runtimes.reversed() { await runtime.requestStop() }
        for task in tasks { #expect(await task.value == 0) }
        #expect(try await store.runningJobs().isEmpty)
        if let failure { throw failure }
    }
}
