/// The `light_dark_cycle` rule (jobs.md §8.6): at minute `m` the light is on when
/// `m mod (light + dark) < light`; only transitions produce a change.
public struct LightDarkSchedule: Sendable, Equatable {
    public var lightMinutes: Double
    public var darkMinutes: Double
    public private(set) var lightActive = false
    /// Runs so far minus one: the first run is minute 0.
    public private(set) var minutesOnline = -1

    public init(lightMinutes: Double, darkMinutes: Double) {
        self.lightMinutes = lightMinutes
        self.darkMinutes = darkMinutes
    }

    /// Why a pair of durations cannot form a cycle, nil when it can.
    public static func problem(lightMinutes: Double, darkMinutes: Double) -> String? {
        guard lightMinutes >= 0, darkMinutes >= 0 else { return "light and dark durations must be >= 0" }
        guard Int(lightMinutes + darkMinutes) > 0 else { return "light + dark duration must be at least 1 minute" }
        return nil
    }

    /// One `execute()`: advance the minute counter and evaluate it.
    public mutating func tick() -> Bool? {
        minutesOnline += 1
        return evaluate()
    }

    /// true = turn on, false = turn off, nil = no change, at the current minute.
    public mutating func evaluate() -> Bool? {
        let cycle = Int(lightMinutes + darkMinutes)
        guard cycle > 0 else { return nil }
        // Python's modulo: non-negative for a positive cycle, also before the first run (-1).
        let position = Double(((minutesOnline % cycle) + cycle) % cycle)
        if position < lightMinutes, !lightActive {
            lightActive = true
            return true
        }
        if position >= lightMinutes, lightActive {
            lightActive = false
            return false
        }
        return nil
    }
}
