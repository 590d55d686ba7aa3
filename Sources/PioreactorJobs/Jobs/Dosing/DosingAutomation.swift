import Foundation
import Logging
import PioreactorCore

/// Volumes an `execute_io_action` moved, in mL.
public struct DosedVolumes: Sendable, Equatable {
    public var media = 0.0
    public var altMedia = 0.0
    public var waste = 0.0

    public static func + (lhs: DosedVolumes, rhs: DosedVolumes) -> DosedVolumes {
        DosedVolumes(media: lhs.media + rhs.media, altMedia: lhs.altMedia + rhs.altMedia, waste: lhs.waste + rhs.waste)
    }
}

/// What an automation's `execute()` may use: readings, the vial's volume and the pumps.
/// `DosingAutomationJob` implements it with nested pump actions; tests fake it.
public protocol DosingIO: Sendable {
    var readings: CultureReadings { get }
    var logger: Logger { get }
    /// The model's `reactor_max_fill_volume_ml`.
    var maxFillVolumeML: Double { get }
    func currentVolumeML() async throws -> Double
    /// Minutes between runs.
    func durationMinutes() async -> Double
    /// `execute_io_action`: sub-doses of media/alt-media, each followed by its waste (jobs.md §8.5).
    func executeIOAction(waste: Double, media: Double, altMedia: Double) async throws -> DosedVolumes
    /// One media dose, no waste (fed_batch); returns the volume moved.
    func addMedia(ml: Double) async throws -> Double
    /// Puts the automation to sleep (overflow protection).
    func pauseAutomation() async
    /// `pid_log/<target>` for an automation's PID after an update.
    func publishPIDLog(_ pid: PIDController, target: String)
}

/// One dosing automation's settings and rule (jobs.md §8.5 table); `DosingAutomationJob` runs it.
public protocol DosingAutomation: Actor {
    nonisolated var name: String { get }
    /// Pump devices that need an active calibration before start.
    nonisolated var requiredCalibrations: [String] { get }
    /// A duration the automation imposes (turbidostat), nil to use the option.
    nonisolated var forcedDuration: Double? { get }
    /// Runs once at start; returns its settings to publish, in order.
    func start(_ io: any DosingIO) async throws -> [(String, SettingValue)]
    /// Applies a settable setting from its `/set` text; returns the value to republish, nil if not its setting.
    func set(_ setting: String, text: String, io: any DosingIO) async throws -> SettingValue?
    /// The rule for one run; returns the AutomationEvent, nil for none (which clears `latest_event`).
    func execute(_ io: any DosingIO) async throws -> JSONValue?
}

extension DosingAutomation {
    public nonisolated var requiredCalibrations: [String] { [] }
    public nonisolated var forcedDuration: Double? { nil }
}

/// Parsing the free `--key value` texts automations receive (jobs.md §2).
enum AutomationArgument {
    /// A required float, optionally ≥ 0.
    static func double(_ arguments: [String: String], _ key: String, automation: String, nonNegative: Bool = true) throws -> Double {
        guard let text = arguments[key] else {
            throw JobFailure("\(automation) requires --\(key.replacingOccurrences(of: "_", with: "-"))")
        }
        return try validated(SettingText.double(text, setting: key), key, nonNegative: nonNegative)
    }

    /// A `/set` float, validated the same way.
    static func double(_ text: String, _ key: String, nonNegative: Bool = true) throws -> Double {
        try validated(SettingText.double(text, setting: key), key, nonNegative: nonNegative)
    }

    static func validated(_ value: Double, _ key: String, nonNegative: Bool) throws -> Double {
        guard value.isFinite else { throw JobFailure("\(key) must be a finite number") }
        if nonNegative && value < 0 { throw JobFailure("\(key) must be >= 0") }
        return value
    }
}
