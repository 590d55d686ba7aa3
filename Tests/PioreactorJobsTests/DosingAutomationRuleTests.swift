import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

/// Each automation's settings and `execute()` rule against fake readings and fake pumps.
@Suite struct DosingAutomationRuleTests {
    func turbidostat(_ arguments: [String: String], auto: String = "normalized_od") throws -> TurbidostatAutomation {
        try TurbidostatAutomation(arguments: arguments, defaultSignal: "auto", odChannel: "2") { auto }
    }

    @Test func turbidostatExchangesOnlyAtOrAboveTheTarget() async throws {
        let automation = try turbidostat(["exchange_volume_ml": "0.8", "target_biomass": "1.5"])
        #expect(automation.forcedDuration == 0.25)
        #expect(automation.requiredCalibrations == ["media_pump", "waste_pump"])
        let below = FakeDosingIO(readings: await FakeReadings.culture(nOD: 1.49, growthRate: 0.2))
        let settings = try await automation.start(below)
        #expect(settings.map(\.0) == ["biomass_signal", "target_biomass", "exchange_volume_ml"])
        #expect(settings.first?.1 == .string("normalized_od"))  // `auto` resolved
        #expect(try await automation.execute(below) == nil)
        #expect(await below.exchanges.isEmpty)

        let above = FakeDosingIO(readings: await FakeReadings.culture(nOD: 1.5, growthRate: 0.2))
        let event = try #require(try await automation.execute(above))
        #expect(event["event_name"] == .string("DilutionEvent"))
        #expect(event["message"] == .string("Latest biomass (normalized_od) = 1.50 ≥ Target biomass = 1.50; cycled 0.80 mL"))
        #expect(event["data"]?.objectValue?.keys == [
            "latest_biomass", "target_biomass", "resolved_biomass_signal", "exchange_volume_ml", "volume_actually_moved_ml",
        ])
        let exchanges = await above.exchanges
        #expect(exchanges.count == 1 && exchanges[0].waste == 0.8 && exchanges[0].media == 0.8 && exchanges[0].altMedia == 0)
    }

    @Test func turbidostatReadsTheRawODChannelWhenAskedAndValidatesSettings() async throws {
        let automation = try turbidostat(["exchange_volume_ml": "1", "target_biomass": "0.5", "biomass_signal": "od"])
        let io = FakeDosingIO(readings: await FakeReadings.culture(nOD: 0.1, growthRate: 0, ods: ["2": 0.6, "3": 0.1]))
        _ = try await automation.start(io)
        #expect(try await automation.execute(io)?["event_name"] == .string("DilutionEvent"))

        #expect(try await automation.set("target_biomass", text: "0.7", io: io) == .double(0.7))
        #expect(try await automation.execute(io) == nil)
        #expect(try await automation.set("biomass_signal", text: "auto", io: io) == .string("normalized_od"))
        await #expect(throws: JobFailure.self) { try await automation.set("biomass_signal", text: "turbidity", io: io) }
        await #expect(throws: JobFailure.self) { try await automation.set("exchange_volume_ml", text: "-1", io: io) }
        await #expect(throws: JobFailure.self) { try await automation.set("target_biomass", text: "lots", io: io) }
        #expect(try await automation.set("duration", text: "5", io: io) == nil)

        #expect(throws: JobFailure("Provide a target biomass.")) { try turbidostat(["exchange_volume_ml": "1"]) }
        #expect(throws: JobFailure.self) { try turbidostat(["target_biomass": "1"]) }
        #expect(throws: JobFailure.self) { try turbidostat(["exchange_volume_ml": "x", "target_biomass": "1"]) }
        #expect(throws: JobFailure.self) {
            try turbidostat(["exchange_volume_ml": "1", "target_biomass": "1", "biomass_signal": "turbidity"])
        }
    }

    @Test func staleOrMissingReadingsStopTheRule() async throws {
        let automation = try turbidostat(["exchange_volume_ml": "1", "target_biomass": "0.5"])
        let stale = FakeDosingIO(readings: await FakeReadings.culture(nOD: 2, growthRate: 0.3, age: 301))
        _ = try await automation.start(stale)
        await #expect(throws: ReadingsUnavailable("readings are too stale (over 5 minutes old) - are `od_reading` and `growth_rate_calculating` running?")) {
            try await automation.execute(stale)
        }
        #expect(await stale.exchanges.isEmpty)
        // Nothing published and nobody running to publish it.
        await #expect(throws: ReadingsUnavailable("`od_reading` and `growth_rate_calculating` should be running.")) {
            try await automation.execute(FakeDosingIO())
        }
        // Producers running but nothing published yet: poll, then give up (here fast-forwarded).
        let silentProducers = FakeReadings()
        await silentProducers.setRunning(["od_reading", "growth_rate_calculating"])
        let waiting = CultureReadings(source: silentProducers, clock: JobClock(speedup: 1_000_000))
        await #expect(throws: ReadingsUnavailable.self) { try await waiting.latestGrowthRate() }
        let fresh = FakeDosingIO(readings: await FakeReadings.culture(nOD: 2, growthRate: 0.3, age: 295))
        #expect(try await automation.execute(fresh) != nil)
    }

    @Test func fedBatchAddsMediaOnlyAndSleepsBeforeOverflow() async throws {
        let automation = try FedBatchAutomation(arguments: ["dosing_volume_ml": "0.5"])
        #expect(automation.requiredCalibrations == ["media_pump"])
        let io = FakeDosingIO(volume: 14, maxFill: 15)
        #expect(try await automation.start(io).map(\.0) == ["dosing_volume_ml"])
        let event = try #require(try await automation.execute(io))
        #expect(event == AutomationEvent.json("AddMediaEvent", "Added 0.5 mL"))
        #expect(await io.mediaDoses == [0.5])
        #expect(await io.exchanges.isEmpty)
        // 14.5 + 0.5 reaches the 15 mL threshold: skip and sleep.
        let skipped = try #require(try await automation.execute(io))
        #expect(skipped == AutomationEvent.json("NoEvent", "Skipped dosing to avoid overflow."))
        #expect(await io.mediaDoses == [0.5])
        #expect(await io.paused)
        #expect(try await automation.set("dosing_volume_ml", text: "0.25", io: io) == .double(0.25))
        await #expect(throws: JobFailure.self) { try await automation.set("dosing_volume_ml", text: "-0.1", io: io) }
        #expect(throws: JobFailure.self) { try FedBatchAutomation(arguments: [:]) }
        #expect(throws: JobFailure.self) { try FedBatchAutomation(arguments: ["dosing_volume_ml": "nan"]) }
    }

    func morbidostat(_ extra: [String: String] = [:]) throws -> PIDMorbidostatAutomation {
        try PIDMorbidostatAutomation(
            arguments: ["target_growth_rate": "0.1", "target_normalized_od": "1.5"].merging(extra) { _, b in b },
            gains: (1, 0, 0), minimumDoseML: 0.1)
    }

    @Test func pidMorbidostatSplitsEachExchangeBetweenMediaAndAltMedia() async throws {
        let automation = try morbidostat()
        #expect(automation.requiredCalibrations == ["media_pump", "waste_pump", "alt_media_pump"])
        // exchange = μ_target × V × duration/60 = 0.1 × 14 × 0.5 h.
        let quiet = FakeDosingIO(readings: await FakeReadings.culture(nOD: 1.0, growthRate: 0.5), duration: 30)
        let settings = try await automation.start(quiet)
        #expect(settings.last?.0 == "exchange_volume_ml" && settings.last?.1 == .double(0.7))
        // nOD ≤ 0.7 × 1.5: no dilution yet.
        #expect(try await automation.execute(quiet) == AutomationEvent.json("NoEvent", "latest OD less than OD to start diluting, 1.05"))

        // μ 0.5 above the 0.1 target: u = clamp(−1 × (0.1 − 0.5)) = 0.4 of 0.7 mL is alt media.
        let growing = FakeDosingIO(readings: await FakeReadings.culture(nOD: 1.2, growthRate: 0.5), duration: 30)
        let event = try #require(try await automation.execute(growing))
        #expect(event["event_name"] == .string("AddAltMediaEvent"))
        #expect(event["message"] == .string("PID output=0.40, alt_media_ml=0.28mL, media_ml=0.42mL"))
        let split = try #require(await growing.exchanges.first)
        #expect(abs(split.altMedia - 0.28) < 1e-9 && abs(split.media - 0.42) < 1e-9 && abs(split.waste - 0.7) < 1e-9)

        // Above 1.25 × target: 2.5 × the volume. μ far below target: u = 0, all media.
        let dense = FakeDosingIO(readings: await FakeReadings.culture(nOD: 2.0, growthRate: -0.5), duration: 30)
        _ = try await automation.execute(dense)
        let big = try #require(await dense.exchanges.first)
        #expect(big.altMedia == 0 && abs(big.media - 1.75) < 1e-9 && abs(big.waste - 1.75) < 1e-9)

        // A part under minimum_dosing_volume_ml is dropped, and the waste with it.
        let nearly = FakeDosingIO(readings: await FakeReadings.culture(nOD: 1.2, growthRate: 0.15), duration: 30)
        _ = try await automation.execute(nearly)
        let small = try #require(await nearly.exchanges.first)
        #expect(small.altMedia == 0 && abs(small.media - 0.665) < 1e-9 && abs(small.waste - 0.665) < 1e-9)

        #expect(try await automation.set("target_growth_rate", text: "0.2", io: nearly) == .double(0.2))
        await #expect(throws: JobFailure.self) { try await automation.set("target_normalized_od", text: "-2", io: nearly) }
        #expect(throws: JobFailure.self) { try PIDMorbidostatAutomation(arguments: ["target_growth_rate": "0.1"], gains: (1, 0, 0), minimumDoseML: 0.1) }
    }

    @Test func chemostatAlwaysExchanges() async throws {
        let automation = try ChemostatAutomation(arguments: ["exchange_volume_ml": "0.5"])
        let io = FakeDosingIO()
        let event = try #require(try await automation.execute(io))
        #expect(event == AutomationEvent.json("DilutionEvent", "exchanged 0.5mL", data: JSONObject([
            ("exchange_volume_ml", .double(0.5)), ("volume_actually_cycled_ml", .double(0.5)),
        ])))
        #expect(throws: JobFailure.self) { try ChemostatAutomation(arguments: ["exchange_volume_ml": "-1"]) }
    }

    @Test func pidControllerClampsOutputAndIntegral() {
        var pid = PIDController(kp: -1, ki: -1, kd: 0, setpoint: 0.1, limits: (.int(0), .int(1)))
        #expect(pid.update(0.6, dt: 1) == 0.5)  // −1 × −0.5; the integral −0.5 is clamped to 0
        #expect(pid.integral == 0)
        #expect(pid.update(0.0, dt: 1) == 0)
        var symmetric = PIDController(kp: 2, ki: 0, kd: 0, setpoint: 10, limits: (.double(-5), .double(5)))
        #expect(symmetric.update(0) == 5 && symmetric.update(20) == -5)
    }

    /// The reference's `pid_log` payload: its keys in order, the limits with the type the job gave them.
    @Test func pidLogRecordHasTheReferenceShape() {
        // Expected texts printed by the reference's PID with the same gains and inputs.
        var pid = PIDController(kp: 2.6, ki: 0, kd: 4.6, setpoint: 32, limits: (.int(-25), .int(25)))
        _ = pid.update(30)
        #expect(pid.logRecord(jobName: "temperature_automation", targetName: "temperature").encoded() == #"{"setpoint":32.0,"output_limits_lb":-25,"output_limits_ub":25,"Kd":4.6,"Ki":0.0,"Kp":2.6,"integral":0.0,"proportional":5.2,"derivative":0.0,"latest_input":30.0,"latest_output":5.2,"job_name":"temperature_automation","target_name":"temperature"}"#)
        _ = pid.update(31)
        #expect(pid.logRecord(jobName: "temperature_automation", targetName: "temperature").encoded() == #"{"setpoint":32.0,"output_limits_lb":-25,"output_limits_ub":25,"Kd":4.6,"Ki":0.0,"Kp":2.6,"integral":0.0,"proportional":2.6,"derivative":-4.6,"latest_input":31.0,"latest_output":-1.9999999999999996,"job_name":"temperature_automation","target_name":"temperature"}"#)
        // Past a limit the reference's output is the limit itself, an int here.
        var clamped = PIDController(kp: 2.6, ki: 0, kd: 4.6, setpoint: 32, limits: (.int(-25), .int(25)))
        #expect(clamped.update(21.96) == 25 && clamped.lastOutputJSON == .int(25))
        #expect(clamped.logRecord(jobName: "temperature_automation", targetName: "temperature").encoded() == #"{"setpoint":32.0,"output_limits_lb":-25,"output_limits_ub":25,"Kd":4.6,"Ki":0.0,"Kp":2.6,"integral":0.0,"proportional":26.104,"derivative":0.0,"latest_input":21.96,"latest_output":25,"job_name":"temperature_automation","target_name":"temperature"}"#)
    }

    @Test func structTimestampsParse() throws {
        let date = try #require(StructTimestamp.parse("2025-01-01T12:00:00.123000Z"))
        #expect(abs(date.timeIntervalSince1970 - 1_735_732_800.123) < 1e-6)
        let now = Date()
        let parsed = try #require(StructTimestamp.parse(StructTimestamp.now(now)))
        #expect(abs(parsed.timeIntervalSince(now)) < 0.002)
        #expect(StructTimestamp.parse("2025-01-01 12:00:00+00:00")?.timeIntervalSince1970 == 1_735_732_800)
        #expect(StructTimestamp.parse("yesterday") == nil)
        #expect(StructTimestamp.parse("2025-01-01T12:00:00.12a0Z") == nil)
    }
}
