import Foundation

/// The simulated Pioreactor of jobs.md §9: one vial per unit whose state lives in
/// `<RUN_PIOREACTOR>/simulator/state.json`, advanced by wall-clock time × speedup on every call.
public struct SimulatedBioreactor: Hardware {
    public let file: SimulatorStateFile
    public let parameters: SimulationParameters
    /// Simulated seconds per wall-clock second (env PIO_SIM_SPEEDUP).
    public let speedup: Double
    /// PWM channel → what it drives (config `[PWM]`).
    public let roles: [String: ActuatorRole]
    /// Photodiode channel → angle (`REF`, `45`, `90`, `135`, `180`).
    public let photodiodeAngles: [String: String]
    /// Active `simple_stirring` calibration: DC % → RPM.
    public let stirringCurve: (@Sendable (Double) -> Double?)?
    /// Active OD calibrations per angle: OD600 → voltage.
    public let odCurves: [String: @Sendable (Double) -> Double?]
    /// Starting volume for a fresh vial.
    public let initialVolumeML: Double
    /// Waste draws liquid only above this level.
    public let effluxTubeVolumeML: Double
    let clock: @Sendable () -> Double

    public init(
        runDirectory: URL, speedup: Double = 1, roles: [String: ActuatorRole], photodiodeAngles: [String: String],
        stirringCurve: (@Sendable (Double) -> Double?)? = nil, odCurves: [String: @Sendable (Double) -> Double?] = [:],
        initialVolumeML: Double = 14, effluxTubeVolumeML: Double = 14, parameters: SimulationParameters = .standard,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        file = SimulatorStateFile(directory: runDirectory.appendingPathComponent("simulator"))
        self.speedup = speedup > 0 ? speedup : 1
        self.roles = roles
        self.photodiodeAngles = photodiodeAngles
        self.stirringCurve = stirringCurve
        self.odCurves = odCurves
        self.initialVolumeML = initialVolumeML
        self.effluxTubeVolumeML = effluxTubeVolumeML
        self.parameters = parameters
        self.clock = clock
    }

    /// The current (advanced) state, for inspection.
    public func snapshot() throws -> SimulatorState {
        try withState { $0 }
    }

    public func setPWM(channel: String, dutyCycle: Double) throws {
        try withState { state in
            state.pwmDutyCycles[channel] = dutyCycle > 0 ? dutyCycle : nil
            if roles[channel] == .heating { state.heaterDutyCycle = max(0, dutyCycle) }
        }
    }

    public func pwmDutyCycle(channel: String) throws -> Double {
        try withState { $0.pwmDutyCycles[channel] ?? 0 }
    }

    public func setIRLED(intensity: Double) throws {
        try withState { $0.irIntensity = max(0, intensity) }
    }

    public func readPhotodiodes(channels: [String]) throws -> [String: Double] {
        try withState { state in
            var result: [String: Double] = [:]
            for channel in channels {
                result[channel] = voltage(channel: channel, state: &state)
            }
            return result
        }
    }

    public func setHeater(dutyCycle: Double) throws {
        try withState { $0.heaterDutyCycle = min(max(dutyCycle, 0), 100) }
    }

    public func readHeaterPCBTemperature() throws -> Double {
        try withState { $0.heaterTemperature + GaussianNoise.normal(sigma: parameters.temperatureNoise) }
    }

    public func readLiquidTemperature() throws -> Double {
        try withState { $0.vialTemperature + GaussianNoise.normal(sigma: parameters.temperatureNoise) }
    }

    public func runPump(_ pump: PumpRole, seconds: Double, mlPerSecond: Double) throws {
        let volume = max(0, seconds * mlPerSecond)
        try withState { state in
            switch pump {
            case .media, .altMedia:
                state.biomass = BioreactorPhysics.dilute(biomass: state.biomass, volume: state.volumeML, added: volume)
                let altAdded = pump == .altMedia ? volume : 0
                if state.volumeML + volume > 0 {
                    state.altMediaFraction = (state.altMediaFraction * state.volumeML + altAdded) / (state.volumeML + volume)
                }
                state.volumeML += volume
            case .waste:
                // Waste only removes liquid above the efflux tube (§9.4); C is unchanged.
                let efflux = effluxTubeVolumeML
                if state.volumeML > efflux { state.volumeML = max(efflux, state.volumeML - volume) }
            }
        }
    }

    public func measureRPM() throws -> Double {
        try withState { state in
            guard state.rpm >= 1 else { return 0 }
            return max(0, state.rpm + GaussianNoise.normal(sigma: parameters.sigmaRPM))
        }
    }

    public func setLED(channel: String, intensity: Double) throws {
        try withState { state in
            var leds = state.ledIntensities ?? [:]
            leds[channel] = intensity > 0 ? min(intensity, 100) : nil
            state.ledIntensities = leds
        }
    }

    public func ledIntensity(channel: String) throws -> Double {
        try withState { $0.ledIntensities?[channel] ?? 0 }
    }

    public func readPWMRailVoltage() throws -> Double {
        parameters.pwmRailVoltage + GaussianNoise.normal(sigma: parameters.pwmRailNoise)
    }

    // MARK: state

    /// Loads, advances to now, runs `body` and saves, all under the file lock.
    func withState<T>(_ body: (inout SimulatorState) throws -> T) throws -> T {
        let now = clock()
        return try file.update(makeInitial: {
            SimulatorState.initial(
                now: now, volumeML: initialVolumeML, parameters: parameters,
                unitScale: exp(GaussianNoise.normal(sigma: 0.071)))
        }) { state in
            advance(&state, to: now)
            return try body(&state)
        }
    }

    /// Integrates the model from `state.updatedAt` to `now` (scaled by the speedup).
    func advance(_ state: inout SimulatorState, to now: Double) {
        let wall = now - state.updatedAt
        state.updatedAt = max(state.updatedAt, now)
        guard wall > 0 else { return }
        let dt = wall * speedup
        let stirringDC = roles.first { $0.value == .stirring }.flatMap { state.pwmDutyCycles[$0.key] } ?? 0
        let target = BioreactorPhysics.steadyRPM(
            dutyCycle: stirringDC, rotorStopped: state.rpm < 1, parameters: parameters, curve: stirringCurve)
        state.rpm = BioreactorPhysics.lag(state.rpm, toward: target, dt: dt, tau: parameters.tauStir)
        if state.rpm < 0.5 && target == 0 { state.rpm = 0 }
        let hours = dt / 3600
        state.biomass = BioreactorPhysics.grow(
            biomass: state.biomass, from: state.simulatedHours, hours: hours, parameters: parameters)
        state.simulatedHours += hours
        let heat = BioreactorPhysics.heat(
            heater: state.heaterTemperature, vial: state.vialTemperature, dutyCycle: state.heaterDutyCycle,
            volumeML: state.volumeML, seconds: min(dt, 48 * 3600), parameters: parameters)
        state.heaterTemperature = heat.heater
        state.vialTemperature = heat.vial
    }

    /// One photodiode reading with the source mock's AR(1) noise and rare shocks.
    func voltage(channel: String, state: inout SimulatorState) -> Double {
        let p = parameters
        let intensity = state.irIntensity
        guard intensity > 0 else { return p.darkOffset }
        let angle = photodiodeAngles[channel] ?? "90"
        if angle == "REF" {
            return BioreactorPhysics.referenceVoltage(irIntensity: intensity, parameters: p) + GaussianNoise.normal(sigma: p.refNoise)
        }
        let clean: Double
        if let curve = odCurves[angle], let calibrated = curve(state.biomass) {
            clean = calibrated * intensity / 80
        } else {
            let sensitivity: Double
            switch angle {
            case "45": sensitivity = p.s45
            case "135": sensitivity = p.s135
            case "180": sensitivity = 0
            default: sensitivity = p.s90
            }
            clean = angle == "180"
                ? p.v180 * intensity / 80
                : BioreactorPhysics.signalVoltage(
                    biomass: state.biomass, irIntensity: intensity, sensitivity: sensitivity,
                    unitScale: state.unitScale, parameters: p)
        }
        let sigma = p.noiseFraction * clean
        var residual = state.odResidual[channel] ?? 0
        residual = p.ar1 * residual + (1 - p.ar1 * p.ar1).squareRoot() * sigma * GaussianNoise.normal()
        state.odResidual[channel] = residual
        var shock = 0.0
        if Double.random(in: 0..<1) < p.shockProbability {
            shock = Double.random(in: 2...5) * sigma * (Bool.random() ? 1 : -1)
        }
        return max(0, clean + residual + shock)
    }
}
