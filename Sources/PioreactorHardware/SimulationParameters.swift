/// The constants of jobs.md §9 (source values and the spec's "Suggested" ones).
public struct SimulationParameters: Sendable, Equatable {
    // §9.1 stirring
    public var kRPM = 20.0
    public var dc0 = 6.0
    public var dcStall = 20.0
    public var tauStir = 1.5
    public var sigmaRPM = 5.0
    // §9.2 culture
    public var muMax = 0.3
    public var carryingCapacity = 3.0
    public var initialBiomass = 0.05
    public var lagHours = 1.0
    public var lagRampWidthHours = 0.3
    // §9.2 optics
    public var darkOffset = 0.002
    public var s90 = 0.10
    public var s45 = 0.04
    public var s135 = 0.12
    public var v180 = 0.07
    public var cSat = 4.0
    public var refVoltageAt80 = 0.100
    public var refNoise = 0.00015
    public var noiseFraction = 0.0056
    public var ar1 = 0.02
    public var shockProbability = 0.0073
    // §9.3 thermal
    public var ambient = 22.0
    public var pMax = 2.9
    public var heaterCapacity = 20.0
    public var gHV = 0.075
    public var gHA = 0.025
    public var gVA = 0.05
    public var temperatureNoise = 0.05
    // PWM rail (Suggested): a healthy 5 V supply read by the aux ADC.
    public var pwmRailVoltage = 5.05
    public var pwmRailNoise = 0.01

    public init() {}

    /// The defaults of jobs.md §9.
    public static let standard = SimulationParameters()
}
