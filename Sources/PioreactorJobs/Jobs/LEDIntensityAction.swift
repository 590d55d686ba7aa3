import Foundation
import PioreactorCore

/// `pio run led_intensity --A 10 --B 0 …` (jobs.md §1 "virtual job"): no long-lived process, no
/// `$state`; it sets the channels, records them, registers a `led_intensity` row when any LED is
/// left on, and exits. The stop endpoints end that row.
public struct LEDIntensityAction: Sendable {
    /// Channels to change, in A…D order.
    public let desired: [(channel: String, intensity: Double)]
    public let verbose: Bool
    public let sourceOfEvent: String

    /// Options `a`…`d` (flags `--A`…`--D`, 0–100) and `no_log`; out-of-range values are refused
    /// like click's FloatRange.
    public init(options: OptionValues) throws {
        var desired: [(channel: String, intensity: Double)] = []
        for channel in LEDDriver.channels {
            guard let value = try options.double(channel.lowercased()) else { continue }
            guard value >= 0, value <= 100 else {
                throw JobFailure("Invalid value for '--\(channel)': \(JSONValue.pythonFloatRepr(value)) is not in the range 0<=x<=100.")
            }
            desired.append((channel, value))
        }
        self.desired = desired
        verbose = !(try options.bool("no_log") ?? false)
        sourceOfEvent = options.string("source_of_event") ?? "CLI"
    }

    /// Applies the change; like the reference CLI, a locked channel is logged, not an error.
    public func run(context: JobContext) async throws -> Int32 {
        try await LEDDriver(context: context, sourceOfEvent: sourceOfEvent).apply(desired, verbose: verbose)
        return 0
    }
}
