import Foundation
import Logging
import PioreactorCore
@testable import PioreactorJobs

/// Published readings set by the test instead of running jobs.
actor FakeReadings: PublishedReadings {
    var values: [String: JSONValue] = [:]
    var running: Set<String> = []
    var doseMarker: Int64?

    func latest(job: String, setting: String) async throws -> JSONValue? { values["\(job)/\(setting)"] }
    func isRunning(job: String) async throws -> Bool { running.contains(job) }
    func latestDoseMarker() async throws -> Int64? { doseMarker }

    func set(_ job: String, _ setting: String, _ value: JSONValue?) { values["\(job)/\(setting)"] = value }
    func setRunning(_ jobs: Set<String>) { running = jobs }
    func dose(_ marker: Int64) { doseMarker = marker }

    /// od_reading, growth_rate_calculating and their culture readings, all taken `age` seconds ago.
    static func culture(nOD: Double, growthRate: Double, ods: [String: Double] = ["2": 0.1], age: Double = 0) async -> FakeReadings {
        let readings = FakeReadings()
        let timestamp = JSONValue.string(StructTimestamp.now(Date().addingTimeInterval(-age)))
        await readings.setRunning(["od_reading", "growth_rate_calculating"])
        await readings.set("growth_rate_calculating", "od_filtered", .object(JSONObject([("od_filtered", .double(nOD)), ("timestamp", timestamp)])))
        await readings.set("growth_rate_calculating", "growth_rate", .object(JSONObject([("growth_rate", .double(growthRate)), ("timestamp", timestamp)])))
        var byChannel = JSONObject()
        for (channel, od) in ods { byChannel[channel] = .object(JSONObject([("od", .double(od)), ("channel", .string(channel))])) }
        await readings.set("od_reading", "ods", .object(JSONObject([("timestamp", timestamp), ("ods", .object(byChannel))])))
        return readings
    }
}

/// Records what an automation asked the pumps to do; moves exactly what is asked.
actor FakeDosingIO: DosingIO {
    nonisolated let readings: CultureReadings
    nonisolated let logger = Logger(label: "fake-dosing")
    nonisolated let maxFillVolumeML: Double
    var volume: Double
    var duration: Double
    var exchanges: [(waste: Double, media: Double, altMedia: Double)] = []
    var mediaDoses: [Double] = []
    var paused = false

    /// Real-time ages (speedup 1), so staleness does not depend on how fast the test runs.
    init(readings: any PublishedReadings = FakeReadings(), volume: Double = 14, maxFill: Double = 38, duration: Double = 60) {
        self.readings = CultureReadings(source: readings, clock: JobClock(speedup: 1))
        self.volume = volume
        maxFillVolumeML = maxFill
        self.duration = duration
    }

    func currentVolumeML() async throws -> Double { volume }
    func durationMinutes() async -> Double { duration }
    nonisolated func publishPIDLog(_ pid: PIDController, target: String) {}
    func executeIOAction(waste: Double, media: Double, altMedia: Double) async throws -> DosedVolumes {
        exchanges.append((waste, media, altMedia))
        return DosedVolumes(media: media, altMedia: altMedia, waste: waste)
    }
    func addMedia(ml: Double) async throws -> Double {
        mediaDoses.append(ml)
        volume += ml
        return ml
    }
    func pauseAutomation() async { paused = true }
}
