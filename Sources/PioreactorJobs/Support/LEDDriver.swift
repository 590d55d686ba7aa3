import Foundation
import PioreactorCore

/// The reference's `led_intensity()` (jobs.md §1, storage.md §3): sets LED channels `A`–`D` on
/// the hardware, keeps the `leds` cache current, and registers a `led_intensity` row when the
/// caller is not itself a registered job (so `pio kill` knows LEDs are on).
public struct LEDDriver: Sendable {
    public static let channels = ["A", "B", "C", "D"]

    let context: JobContext
    /// Who changes the LEDs, for `led_change_events` (`CLI`, `led_automation:light_dark_cycle`).
    let sourceOfEvent: String

    public init(context: JobContext, sourceOfEvent: String = "CLI") {
        self.context = context
        self.sourceOfEvent = sourceOfEvent
    }

    var intensities: KeyValueCache { context.intermittent.cache("leds") }
    var locks: KeyValueCache { context.intermittent.cache("led_locks") }

    /// The cached intensity of every channel (0 when never set).
    public func currentIntensities() async throws -> [String: Double] {
        var state: [String: Double] = [:]
        for channel in Self.channels { state[channel] = try await intensities.getFloat(.text(channel)) ?? 0 }
        return state
    }

    /// Applies `desired` in order; returns false when a channel was locked or a value refused.
    /// `verbose` logs each change (the reference's `LEDChangeEvent` moment).
    @discardableResult
    public func apply(_ desired: [(channel: String, intensity: Double)], verbose: Bool = true) async throws -> Bool {
        var success = true
        var changes: [(channel: String, intensity: Double)] = []
        for change in desired {
            // od_reading holds these locks while it reads, so the light does not disturb it.
            if try await locks.get(.text(change.channel)) != nil {
                context.logger.debug("Unable to update channel \(change.channel) due to a software lock on it. Please try again.")
                success = false
            } else {
                changes.append(change)
            }
        }
        for change in changes {
            if let problem = Self.problem(channel: change.channel, intensity: change.intensity) {
                context.logger.error("\(problem)")
                return false
            }
        }
        for change in changes { try context.hardware.setLED(channel: change.channel, intensity: change.intensity) }

        let old = try await currentIntensities()
        for change in changes { try await intensities.set(.text(change.channel), .real(change.intensity)) }
        let new = try await currentIntensities()

        let allOff = new.values.allSatisfy { $0 == 0 }
        if !allOff, try await !context.jobs.hasRunningJob(pid: Int64(getpid())) {
            try await context.jobs.register(
                unit: context.unit, experiment: context.experiment, jobName: "led_intensity",
                jobSource: context.environment.jobSource, pid: Int64(getpid()), leader: "", isLongRunningJob: false)
        }
        publish(changes, state: new)
        if verbose {
            for change in changes {
                context.logger.info("Updated LED \(change.channel) from \(Self.percent(old[change.channel] ?? 0))% to \(Self.percent(new[change.channel] ?? 0))%.")
            }
        }
        return success
    }

    /// `leds/intensity` (retained, every channel) and one `LEDChangeEvent` per changed channel.
    func publish(_ changes: [(channel: String, intensity: Double)], state: [String: Double]) {
        publishState(state)
        let timestamp = StructTimestamp.now()
        for change in changes {
            let event = JSONValue.object(JSONObject([
                ("channel", .string(change.channel)), ("intensity", .double(change.intensity)),
                ("source_of_event", .string(sourceOfEvent)), ("timestamp", .string(timestamp)),
            ]))
            context.bus.publish("led_change_events", event.encoded(), qos: 0, retain: false)
        }
    }

    /// `leds/intensity` (retained): every channel's intensity.
    func publishState(_ state: [String: Double]) {
        let intensities = JSONObject(Self.channels.map { ($0, JSONValue.double(state[$0] ?? 0)) })
        context.bus.publish("leds/intensity", JSONValue.object(intensities).encoded(), qos: 0, retain: true)
    }

    /// Why a change is refused (the reference's assertion texts), nil when it is fine.
    public static func problem(channel: String, intensity: Double) -> String? {
        guard channels.contains(channel) else {
            return "Saw incorrect channel \(channel), not in ['A', 'B', 'C', 'D']"
        }
        guard intensity >= 0, intensity <= 100 else {
            return "Channel \(channel) intensity should be between 0 and 100, inclusive"
        }
        return nil
    }

    /// Python's `f"{x:0.3g}"`.
    static func percent(_ value: Double) -> String { String(format: "%.3g", value) }
}
