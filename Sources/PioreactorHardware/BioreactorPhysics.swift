import Foundation

/// Pure, deterministic physics of jobs.md §9 (noise is added by the caller).
public enum BioreactorPhysics {
    /// §9.1 steady-state RPM for a duty cycle; `curve` is an active stirring calibration (DC → RPM).
    public static func steadyRPM(
        dutyCycle dc: Double, rotorStopped: Bool, parameters p: SimulationParameters,
        curve: (@Sendable (Double) -> Double?)? = nil
    ) -> Double {
        if dc <= 0 { return 0 }
        if dc < p.dcStall && rotorStopped { return 0 }
        if let curve, let rpm = curve(dc) { return max(0, rpm) }
        return max(0, p.kRPM * (dc - p.dc0))
    }

    /// First-order lag toward `target` over `dt` seconds (exact solution, stable for any dt).
    public static func lag(_ value: Double, toward target: Double, dt: Double, tau: Double) -> Double {
        target + (value - target) * exp(-dt / tau)
    }

    /// §9.2 μ(t) in h⁻¹: μ_max times a logistic ramp centred at the lag time.
    public static func growthRate(hoursSinceInoculation t: Double, parameters p: SimulationParameters) -> Double {
        p.muMax / (1 + exp(-(t - p.lagHours) / (p.lagRampWidthHours / 4)))
    }

    /// §9.2 logistic growth, `dt` in hours; integrated in sub-steps of at most 0.01 h.
    public static func grow(biomass: Double, from t0: Double, hours dt: Double, parameters p: SimulationParameters) -> Double {
        var c = biomass
        var t = t0
        var remaining = dt
        while remaining > 0 {
            let step = min(remaining, 0.01)
            let mu = growthRate(hoursSinceInoculation: t + step / 2, parameters: p)
            // Exact logistic solution over the step at constant μ.
            let e = exp(mu * step)
            c = p.carryingCapacity * c * e / (p.carryingCapacity + c * (e - 1))
            t += step
            remaining -= step
        }
        return c
    }

    /// §9.2 adding liquid dilutes the culture: C·V/(V+Δ).
    public static func dilute(biomass: Double, volume: Double, added: Double) -> Double {
        volume + added > 0 ? biomass * volume / (volume + added) : biomass
    }

    /// §9.2 clean 90°-style signal voltage (before noise) for biomass C at IR intensity I.
    public static func signalVoltage(
        biomass c: Double, irIntensity: Double, sensitivity: Double, unitScale: Double = 1,
        parameters p: SimulationParameters
    ) -> Double {
        let scale = irIntensity / 80 * unitScale
        return p.darkOffset + scale * sensitivity * c / (1 + c / p.cSat)
    }

    /// §9.2 reference photodiode voltage (before noise).
    public static func referenceVoltage(irIntensity: Double, parameters p: SimulationParameters) -> Double {
        p.refVoltageAt80 * irIntensity / 80
    }

    /// §9.3 the two-node heater/vial model, advanced `dt` seconds in steps of at most 1 s.
    public static func heat(
        heater th: Double, vial tv: Double, dutyCycle: Double, volumeML: Double, seconds dt: Double,
        parameters p: SimulationParameters
    ) -> (heater: Double, vial: Double) {
        var h = th
        var v = tv
        let cv = 4.18 * volumeML + 10
        var remaining = dt
        while remaining > 0 {
            let step = min(remaining, 1)
            let dh = (p.pMax * dutyCycle / 100 - p.gHV * (h - v) - p.gHA * (h - p.ambient)) / p.heaterCapacity
            let dv = (p.gHV * (h - v) - p.gVA * (v - p.ambient)) / cv
            h += dh * step
            v += dv * step
            remaining -= step
        }
        return (h, v)
    }

    /// §9.3 steady state (T_h, T_v) for a constant duty cycle: the linear system solved exactly.
    public static func steadyTemperatures(dutyCycle: Double, parameters p: SimulationParameters) -> (heater: Double, vial: Double) {
        let power = p.pMax * dutyCycle / 100
        // From dT_v = 0: T_v - amb = gHV (T_h - amb) / (gHV + gVA).
        let ratio = p.gHV / (p.gHV + p.gVA)
        let heaterRise = power / (p.gHV * (1 - ratio) + p.gHA)
        return (p.ambient + heaterRise, p.ambient + ratio * heaterRise)
    }
}
