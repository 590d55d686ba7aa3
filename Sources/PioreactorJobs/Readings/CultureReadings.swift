import Foundation
import PioreactorCore

/// A published struct value with its own timestamp.
public struct TimedValue<Value: Sendable>: Sendable {
    public let value: Value
    public let timestamp: String
    public let date: Date
}

/// Why an automation cannot act on the readings; `execute` turns it into an `ErrorOccurred` event.
public struct ReadingsUnavailable: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The culture readings automations act on (jobs.md §8.5): `ods`, `od_fused` from od_reading and
/// `od_filtered`, `growth_rate` from growth_rate_calculating, with the reference's 5-minute
/// staleness rule. Ages are in simulated seconds (wall age × speedup), like every job timer.
public struct CultureReadings: Sendable {
    public let source: any PublishedReadings
    public let clock: JobClock
    let now: @Sendable () -> Date

    public static let staleAfterSeconds = 300.0
    /// The reference blocks until a first reading arrives; we give up after this (simulated s).
    public static let firstReadingTimeout = 300.0
    static let pollSeconds = 0.5

    public init(source: any PublishedReadings, clock: JobClock, now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.clock = clock
        self.now = now
    }

    // MARK: raw values

    /// od_reading's `ods`: channel → od.
    public func ods() async throws -> TimedValue<[String: Double]>? {
        guard let value = try await source.latest(job: "od_reading", setting: "ods"),
              let ods = value["ods"]?.objectValue else { return nil }
        var byChannel: [String: Double] = [:]
        for (channel, reading) in ods {
            if let od = reading["od"]?.numberValue { byChannel[channel] = od }
        }
        return Self.timed(byChannel, value)
    }

    public func odFiltered() async throws -> TimedValue<Double>? {
        try await number(job: "growth_rate_calculating", setting: "od_filtered", field: "od_filtered")
    }

    public func growthRate() async throws -> TimedValue<Double>? {
        try await number(job: "growth_rate_calculating", setting: "growth_rate", field: "growth_rate")
    }

    public func odFused() async throws -> TimedValue<Double>? {
        try await number(job: "od_reading", setting: "od_fused", field: "od_fused")
    }

    // MARK: what automations use

    public func latestNormalizedOD() async throws -> Double {
        let reading = try await first(odFiltered, jobs: ["od_reading", "growth_rate_calculating"])
        try await checkCultureFreshness()
        return reading.value
    }

    public func latestGrowthRate() async throws -> Double {
        let reading = try await first(growthRate, jobs: ["od_reading", "growth_rate_calculating"])
        try await checkCultureFreshness()
        return reading.value
    }

    public func latestOD(channel: String) async throws -> Double {
        let reading = try await first(ods, jobs: ["od_reading"])
        if age(of: reading.date) > Self.staleAfterSeconds {
            throw ReadingsUnavailable("readings are too stale (over 5 minutes old) - is `od_reading` running?. Last reading occurred at \(reading.timestamp).")
        }
        guard let od = reading.value[channel] else { throw ReadingsUnavailable("'\(channel)'") }
        return od
    }

    public func latestODFused() async throws -> Double {
        let reading = try await first(odFused, jobs: ["od_reading"])
        if age(of: reading.date) > Self.staleAfterSeconds {
            throw ReadingsUnavailable("fused readings are too stale (over 5 minutes old) - is `od_reading` running?. Last reading occurred at \(reading.timestamp).")
        }
        return reading.value
    }

    // MARK: helpers

    /// Simulated seconds since `date`.
    func age(of date: Date) -> Double { now().timeIntervalSince(date) * clock.speedup }

    /// The oldest of the culture readings decides (the reference's `most_stale_time`).
    func checkCultureFreshness() async throws {
        var dates: [Date] = []
        if let reading = try await odFiltered() { dates.append(reading.date) }
        if let reading = try await growthRate() { dates.append(reading.date) }
        if let reading = try await ods() { dates.append(reading.date) }
        if let oldest = dates.min(), age(of: oldest) > Self.staleAfterSeconds {
            throw ReadingsUnavailable("readings are too stale (over 5 minutes old) - are `od_reading` and `growth_rate_calculating` running?")
        }
    }

    /// The first available reading: an error if its producers are not running, else poll for it.
    func first<Value>(_ fetch: () async throws -> TimedValue<Value>?, jobs: [String]) async throws -> TimedValue<Value> {
        var waited = 0.0
        while true {
            if let reading = try await fetch() { return reading }
            for job in jobs where !(try await source.isRunning(job: job)) {
                throw ReadingsUnavailable(jobs.count == 1
                    ? "`\(jobs[0])` should be Ready."
                    : "`od_reading` and `growth_rate_calculating` should be running.")
            }
            guard waited < Self.firstReadingTimeout else {
                throw ReadingsUnavailable("no readings from \(jobs.joined(separator: ", ")) after \(Int(Self.firstReadingTimeout)) s")
            }
            try await clock.sleep(Self.pollSeconds)
            waited += Self.pollSeconds
        }
    }

    func number(job: String, setting: String, field: String) async throws -> TimedValue<Double>? {
        guard let value = try await source.latest(job: job, setting: setting), let number = value[field]?.numberValue else { return nil }
        return Self.timed(number, value)
    }

    static func timed<Value>(_ value: Value, _ payload: JSONValue) -> TimedValue<Value>? {
        guard let timestamp = payload["timestamp"]?.stringValue, let date = StructTimestamp.parse(timestamp) else { return nil }
        return TimedValue(value: value, timestamp: timestamp, date: date)
    }
}
