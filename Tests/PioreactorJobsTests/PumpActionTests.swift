import Foundation
import PioreactorCore
import PioreactorHardware
import Testing
@testable import PioreactorJobs

@Suite(.serialized) struct PumpActionTests {
    func runPump(_ unit: TempUnit, _ jobName: String, _ options: [String: String]) async throws -> (code: Int32, moved: Double) {
        let context = try await unit.context(jobName: jobName)
        let action = try PumpAction(context: context, pump: PumpAction.pump(forJob: jobName)!, options: OptionValues(options))
        let code = await JobRuntime(context: context, job: action).run(trapSignals: false)
        return (code, await action.movedML)
    }

    func volume(_ unit: TempUnit) async throws -> (Double, Double) {
        let context = try await unit.context()
        let values = context.bioreactor
        return (
            try await values.value(experiment: "exp1", variable: BioreactorVariable.named("current_volume_ml")!),
            try await values.value(experiment: "exp1", variable: BioreactorVariable.named("alt_media_fraction")!))
    }

    @Test func durationModeUsesTheDefaultCalibrationAndBooksTheVolume() async throws {
        let unit = try TempUnit(speedup: 100)
        defer { unit.remove() }
        let result = try await runPump(unit, "add_media", ["duration": "2"])
        #expect(result.code == 0)
        #expect(abs(result.moved - 0.1822) < 1e-9)
        #expect(abs(try await volume(unit).0 - 14.1822) < 1e-9)
        let store = try unit.store()
        let row = try #require(try await store.allJobs().first)
        #expect(row["job_name"] == .string("add_media"))
        #expect(row["ended_at"]?.stringValue != nil)
    }

    @Test func mlModeNeedsAnActiveCalibration() async throws {
        let unit = try TempUnit(speedup: 100)
        defer { unit.remove() }
        let result = try await runPump(unit, "add_media", ["ml": "1"])
        #expect(result.code == 1)
        #expect(result.moved == 0)
        #expect(try await volume(unit).0 == 14)
    }

    @Test func mlModeWithCalibrationMovesExactlyAndDilutesTheVial() async throws {
        let unit = try TempUnit(speedup: 100)
        defer { unit.remove() }
        let context = try await unit.context()
        try await ActiveDeviceNames.calibrations(in: context.persistent).setName("alt_media_pump-2026-02-10", for: "alt_media_pump")
        let result = try await runPump(unit, "add_alt_media", ["ml": "1.0"])
        #expect(result.code == 0)
        #expect(abs(result.moved - 1.0) < 1e-6)
        let (volumeNow, fraction) = try await volume(unit)
        #expect(abs(volumeNow - 15) < 1e-6)
        #expect(abs(fraction - 1.0 / 15) < 1e-6)
        let sim = try (context.hardware as! SimulatedBioreactor).snapshot()
        #expect(abs(sim.volumeML - 15) < 1e-6)
        // Waste draws back down to the efflux tube, never below it.
        #expect(try await runPump(unit, "remove_waste", ["duration": "30"]).code == 0)
        #expect(abs(try await volume(unit).0 - 14) < 1e-9)
        #expect(abs(try (context.hardware as! SimulatedBioreactor).snapshot().volumeML - 14) < 1e-6)
    }

    @Test func badModesAreRejectedBeforeRegistering() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context()
        #expect(throws: JobFailure("ValueError: Only select ml or duration")) {
            try PumpAction(context: context, pump: .media, options: OptionValues(["ml": "1", "duration": "1"]))
        }
        #expect(throws: JobFailure("ValueError: either ml or duration must be set")) {
            try PumpAction(context: context, pump: .media, options: OptionValues([:]))
        }
        #expect(throws: JobFailure("ValueError: ml should be greater than or equal to 0")) {
            try PumpAction(context: context, pump: .media, options: OptionValues(["ml": "-1"]))
        }
        #expect(throws: JobFailure.self) { try PumpAction(context: context, pump: .media, options: OptionValues(["ml": "x"])) }
        #expect(try await unit.store().allJobs().isEmpty)
    }

    @Test func aBusyPinMovesNothing() async throws {
        let unit = try TempUnit(speedup: 100)
        defer { unit.remove() }
        let context = try await unit.context()
        // Channel 2 (media) is GPIO 13 on HAT 1.2; a live process (this one) holds it.
        try await context.intermittent.cache("pwm_locks").set(.int(13), .text("\(getpid()):1"))
        let result = try await runPump(unit, "add_media", ["duration": "1"])
        #expect(result.code == 0)
        #expect(result.moved == 0)
    }

    @Test func volumeProjectionFollowsTheSpec() {
        let added = BioreactorValues.project(event: "add_alt_media", volumeChange: 2, volume: 14, efflux: 14, altMediaFraction: 0.5)
        #expect(added.volume == 16)
        #expect(abs(added.altMediaFraction - 9.0 / 16) < 1e-12)
        let atTube = BioreactorValues.project(event: "remove_waste", volumeChange: 5, volume: 14, efflux: 14, altMediaFraction: 0.3)
        #expect(atTube.volume == 14 && atTube.altMediaFraction == 0.3)
        let above = BioreactorValues.project(event: "remove_waste", volumeChange: 5, volume: 16, efflux: 14, altMediaFraction: 0.3)
        #expect(above.volume == 14)
        let media = BioreactorValues.project(event: "add_media", volumeChange: 14, volume: 14, efflux: 14, altMediaFraction: 1)
        #expect(media.altMediaFraction == 0.5)
    }
}
