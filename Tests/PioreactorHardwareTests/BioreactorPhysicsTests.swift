import Foundation
import Testing
@testable import PioreactorHardware

@Suite struct BioreactorPhysicsTests {
    let p = SimulationParameters.standard

    @Test func tenHoursOfGrowthMatchesTheLogisticModel() {
        // After the 1 h lag, 9 h at μ=0.3 from C≈0.05 far below K: ≈ e^(0.3·9.x) ≈ 14×.
        let c = BioreactorPhysics.grow(biomass: 0.05, from: 0, hours: 10, parameters: p)
        #expect(c > 0.05 * 2)
        let expected = 3.0 * 0.05 * exp(0.3 * 9) / (3.0 + 0.05 * (exp(0.3 * 9) - 1))
        #expect(abs(c - expected) / expected < 0.1)
        #expect(c < p.carryingCapacity)
    }

    @Test func growthIsSlowDuringTheLagAndSaturatesAtK() {
        let lag = BioreactorPhysics.grow(biomass: 0.05, from: 0, hours: 0.5, parameters: p)
        #expect(lag < 0.0505)
        let late = BioreactorPhysics.grow(biomass: 2.5, from: 5, hours: 200, parameters: p)
        #expect(abs(late - 3.0) < 1e-3)
    }

    @Test func heaterAtFiftyPercentConvergesToTheSteadyState() {
        let steady = BioreactorPhysics.steadyTemperatures(dutyCycle: 50, parameters: p)
        let final = BioreactorPhysics.heat(heater: 22, vial: 22, dutyCycle: 50, volumeML: 14, seconds: 4 * 3600, parameters: p)
        #expect(abs(final.heater - steady.heater) < 0.05)
        #expect(abs(final.vial - steady.vial) < 0.05)
        // 100 % gives T_h ≈ 75 °C, T_v ≈ 54 °C (§9.3).
        let full = BioreactorPhysics.steadyTemperatures(dutyCycle: 100, parameters: p)
        #expect(abs(full.heater - 75) < 1)
        #expect(abs(full.vial - 54) < 1)
    }

    @Test func holdingThirtyDegreesNeedsAboutAQuarterDutyCycle() {
        let at25 = BioreactorPhysics.steadyTemperatures(dutyCycle: 25, parameters: p)
        #expect(abs(at25.vial - 30) < 1.5)
        #expect(BioreactorPhysics.steadyTemperatures(dutyCycle: 0, parameters: p).vial == 22)
    }

    @Test func rpmApproachesTheDutyCycleTargetWithLag() {
        let target = BioreactorPhysics.steadyRPM(dutyCycle: 30, rotorStopped: false, parameters: p)
        #expect(target == 480)
        let afterTau = BioreactorPhysics.lag(0, toward: target, dt: 1.5, tau: 1.5)
        #expect(abs(afterTau - target * (1 - exp(-1))) < 1e-9)
        let later = BioreactorPhysics.lag(0, toward: target, dt: 15, tau: 1.5)
        #expect(abs(later - target) < 0.1)
    }

    @Test func aStoppedRotorStallsBelowTheKickThreshold() {
        #expect(BioreactorPhysics.steadyRPM(dutyCycle: 15, rotorStopped: true, parameters: p) == 0)
        #expect(BioreactorPhysics.steadyRPM(dutyCycle: 15, rotorStopped: false, parameters: p) == 180)
        #expect(BioreactorPhysics.steadyRPM(dutyCycle: 0, rotorStopped: false, parameters: p) == 0)
        #expect(BioreactorPhysics.steadyRPM(dutyCycle: 30, rotorStopped: false, parameters: p, curve: { 27.25 * $0 + 55 }) == 872.5)
    }

    @Test func opticalSignalIsMonotoneAndDarkWithoutIR() {
        let low = BioreactorPhysics.signalVoltage(biomass: 0.05, irIntensity: 80, sensitivity: p.s90, parameters: p)
        let high = BioreactorPhysics.signalVoltage(biomass: 2.0, irIntensity: 80, sensitivity: p.s90, parameters: p)
        #expect(low < high)
        #expect(BioreactorPhysics.signalVoltage(biomass: 2.0, irIntensity: 0, sensitivity: p.s90, parameters: p) == p.darkOffset)
        #expect(abs(BioreactorPhysics.dilute(biomass: 1, volume: 14, added: 14) - 0.5) < 1e-12)
    }
}

@Suite struct SimulatedBioreactorTests {
    /// A mutable wall clock the test advances by hand.
    final class FakeClock: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 1_000_000.0
        func now() -> Double { lock.withLock { value } }
        func advance(_ seconds: Double) { lock.withLock { value += seconds } }
    }

    func withSimulator(speedup: Double = 1, _ body: (SimulatedBioreactor, FakeClock, URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let clock = FakeClock()
        let sim = SimulatedBioreactor(
            runDirectory: dir, speedup: speedup, roles: ["1": .stirring, "5": .heating],
            photodiodeAngles: ["1": "REF", "2": "90"], clock: { clock.now() })
        try body(sim, clock, dir)
    }

    @Test func stateIsPersistedAndSharedBetweenInstances() throws {
        try withSimulator { sim, clock, dir in
            try sim.setPWM(channel: "1", dutyCycle: 30)
            clock.advance(20)
            #expect(abs(try sim.snapshot().rpm - 480) < 1)
            let other = SimulatedBioreactor(
                runDirectory: dir, roles: ["1": .stirring], photodiodeAngles: [:], clock: { clock.now() })
            #expect(try other.pwmDutyCycle(channel: "1") == 30)
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("simulator/state.json").path))
        }
    }

    @Test func speedupScalesSimulatedTime() throws {
        try withSimulator(speedup: 3600) { sim, clock, _ in
            _ = try sim.snapshot()
            clock.advance(10)  // 10 simulated hours
            let state = try sim.snapshot()
            #expect(abs(state.simulatedHours - 10) < 1e-9)
            #expect(state.biomass > 0.1)
        }
    }

    @Test func pumpsDiluteAndWasteStopsAtTheEfflux() throws {
        try withSimulator { sim, _, _ in
            let before = try sim.snapshot().biomass
            try sim.runPump(.altMedia, seconds: 10, mlPerSecond: 0.5)
            var state = try sim.snapshot()
            #expect(abs(state.volumeML - 19) < 1e-9)
            #expect(abs(state.biomass - before * 14 / 19) < 1e-6)
            #expect(abs(state.altMediaFraction - 5.0 / 19) < 1e-9)
            try sim.runPump(.waste, seconds: 100, mlPerSecond: 1)
            state = try sim.snapshot()
            #expect(state.volumeML == 14)
        }
    }

    @Test func photodiodesReadDarkWithoutIRAndSignalWithIt() throws {
        try withSimulator { sim, _, _ in
            let dark = try sim.readPhotodiodes(channels: ["1", "2"])
            #expect(dark["1"] == 0.002 && dark["2"] == 0.002)
            try sim.setIRLED(intensity: 80)
            let lit = try sim.readPhotodiodes(channels: ["1", "2"])
            #expect(abs(lit["1"]! - 0.1) < 0.002)
            #expect(lit["2"]! > 0.002)
        }
    }
}
