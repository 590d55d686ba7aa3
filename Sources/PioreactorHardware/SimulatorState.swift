import Foundation

/// The one simulated vial of a unit, persisted between job processes.
public struct SimulatorState: Codable, Sendable, Equatable {
    /// Biomass in OD600 units (C of §9.2).
    public var biomass: Double
    /// Liquid volume, mL.
    public var volumeML: Double
    /// Alt-media fraction of the liquid.
    public var altMediaFraction: Double
    /// Heater-PCB and vial temperatures, ℃.
    public var heaterTemperature: Double
    public var vialTemperature: Double
    /// True rotor speed.
    public var rpm: Double
    /// Simulated hours since inoculation (drives the lag phase).
    public var simulatedHours: Double
    /// Wall-clock time (unix s) the state was last advanced to.
    public var updatedAt: Double
    /// Actuator commands currently applied.
    public var pwmDutyCycles: [String: Double]
    public var heaterDutyCycle: Double
    public var irIntensity: Double
    /// LED channel (`A`…`D`) → intensity %; optional so state files from before LEDs still load.
    public var ledIntensities: [String: Double]?
    /// AR(1) residual of the OD noise, per channel.
    public var odResidual: [String: Double]
    /// Per-unit optical gain (LogNormal(0, 0.071) drawn once).
    public var unitScale: Double

    /// A fresh vial at ambient temperature, biomass C₀ and the given volume.
    public static func initial(
        now: Double, volumeML: Double = 14, parameters p: SimulationParameters = .standard, unitScale: Double = 1
    ) -> SimulatorState {
        SimulatorState(
            biomass: p.initialBiomass, volumeML: volumeML, altMediaFraction: 0,
            heaterTemperature: p.ambient, vialTemperature: p.ambient, rpm: 0, simulatedHours: 0,
            updatedAt: now, pwmDutyCycles: [:], heaterDutyCycle: 0, irIntensity: 0, ledIntensities: nil, odResidual: [:],
            unitScale: unitScale)
    }
}
