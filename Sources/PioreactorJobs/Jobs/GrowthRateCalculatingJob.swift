import Foundation
import PioreactorCore

/// `growth_rate_calculating` (jobs.md §8.3): follows od_reading's `ods` and the pump actions
/// through `PublishedReadings` (no broker), normalises by warm-up medians cached per experiment
/// in `od_normalization_mean`, filters, and publishes `growth_rate`, `od_filtered`, `kalman_filter_outputs`.
public actor GrowthRateCalculatingJob: BackgroundJob {
    public nonisolated let jobName = "growth_rate_calculating"
    public nonisolated let publishedSettings = JobCatalog.builtIn.job(named: "growth_rate_calculating")?.publishedSettings ?? []
    public nonisolated var clearedAtStart: [String] { ["growth_rate", "od_filtered", "kalman_filter_outputs"] }

    let context: JobContext
    let readings: CultureReadings
    var estimator: GrowthRateEstimator
    /// Like the reference's OD stream, the first few live readings are ignored.
    static let skipFirst = 5
    var skipped = 0
    var lastTimestamp: String?
    var lastDoseMarker: Int64?
    var previousDate: Date?

    public init(context: JobContext, source: (any PublishedReadings)? = nil) throws {
        self.context = context
        readings = CultureReadings(
            source: source ?? DatabasePublishedReadings(store: context.jobs, experiment: context.experiment), clock: context.clock)
        let samplesPerSecond = context.double("od_reading.config", "samples_per_second", 0.2)
        estimator = try GrowthRateEstimator(
            samplesForStatistics: Int(context.double("growth_rate_calculating.config", "samples_for_od_statistics", 35)),
            expectedDtHours: samplesPerSecond > 0 ? 1 / (3600 * samplesPerSecond) : 0,
            outlierThreshold: context.double("growth_rate_calculating.config", "ekf_outlier_std_threshold", 3.0))
    }

    /// Seconds of od_reading between samples, per config.
    var expectedInterval: Double { estimator.expectedDtHours * 3600 }

    public func start(_ runtime: JobRuntime) async throws {
        if Double(estimator.samplesForStatistics) * expectedInterval >= 600 {
            context.logger.warning("Due to the low `samples_per_second`, and high `samples_for_od_statistics` needed to establish a baseline, initial growth rate and nOD may take over 10 minutes to show up.")
        }
        // What is already published is the retained value, not a live reading.
        lastTimestamp = try await readings.ods()?.timestamp
        lastDoseMarker = try await readings.source.latestDoseMarker()
        context.logger.info("Collecting warmup OD observations for growth-rate initialization.")
    }

    public func run(_ runtime: JobRuntime) async throws {
        // Poll a few times per OD interval, but not faster than every 10 ms of wall time.
        let pause = max(expectedInterval / 5, 0.01 * context.clock.speedup)
        while !Task.isCancelled {
            try await runtime.waitWhileSleeping()
            try await poll(runtime)
            try await context.clock.sleep(pause)
        }
    }

    /// Checks for a new dose and a new `ods` reading.
    func poll(_ runtime: JobRuntime) async throws {
        let marker = try await readings.source.latestDoseMarker()
        if marker != lastDoseMarker {
            lastDoseMarker = marker
            estimator.noteDose()
        }
        guard let reading = try await readings.ods(), reading.timestamp != lastTimestamp else { return }
        lastTimestamp = reading.timestamp
        try await process(ODObservation(timestamp: reading.timestamp, date: reading.date, ods: reading.value), runtime)
    }

    /// One live reading: skipped, collected for warm-up, or filtered and published.
    func process(_ observation: ODObservation, _ runtime: JobRuntime) async throws {
        if skipped < Self.skipFirst {
            skipped += 1
            return
        }
        guard estimator.isWarm else {
            if estimator.collect(observation) { try await initialise() }
            return
        }
        do {
            let estimate = try estimator.update(observation, dt: try dtHours(observation.date))
            await publish(estimate, runtime)
        } catch {
            context.logger.error("Error processing OD readings: \(error)")
        }
    }

    /// Normalisation factors from the experiment's cache, else the warm-up medians (then cached).
    func initialise() async throws {
        let factors = try await normalizationFactors()
        try startFilter(factors)
    }

    /// The per-channel normalisation: cached for the experiment, else the warm-up medians (cached).
    func normalizationFactors() async throws -> [String: Double] {
        let cache = context.persistent.cache("od_normalization_mean")
        var factors = Self.factors(from: try await cache.get(.text(context.experiment)))
        if factors.isEmpty {
            context.logger.info("OD normalization factors not found in cache. Computing them now.")
            let (means, variances) = GrowthRateWarmup.normalization(estimator.warmup.map(\.ods))
            factors = means
            let encoded = JSONObject(means.keys.sorted().map { ($0, JSONValue.double(means[$0]!)) })
            try await cache.set(.text(context.experiment), .text(JSONValue.object(encoded).encoded()))
            if variances.values.contains(0) {
                context.logger.error("OD variance is zero - this suggests that the OD sensor is not working properly, or a calibration is wrong.")
            }
        }
        return factors
    }

    /// The cached `{"channel": factor}` JSON; empty when absent or unreadable. Kept out of line
    /// and non-throwing: Swift 6.3's optimiser crashed (coroutine split) on the throwing JSON
    /// decode inlined into the async caller in release builds.
    @inline(never)
    static func factors(from stored: CacheValue?) -> [String: Double] {
        var factors: [String: Double] = [:]
        for (channel, value) in (try? stored?.jsonValue())?.objectValue ?? JSONObject() {
            if let number = value.numberValue { factors[channel] = number }
        }
        return factors
    }

    /// Kept out of line: Swift 6.3's optimiser crashed (coroutine split) when this throwing
    /// mutation of actor state was inlined into the async `initialise()` in release builds.
    @inline(never)
    func startFilter(_ factors: [String: Double]) throws {
        try estimator.initialise(factors: factors)
        context.logger.info("Initializing growth-rate filter from warmup observations.")
    }

    /// Hours since the previous filtered reading in simulated time; the expected interval in
    /// testing mode and for the first reading. Late data is an error.
    func dtHours(_ date: Date) throws -> Double {
        if context.environment.testing { return estimator.expectedDtHours }
        defer { previousDate = max(previousDate ?? date, date) }
        guard let previousDate else { return estimator.expectedDtHours }
        let seconds = date.timeIntervalSince(previousDate)
        guard seconds >= 0 else { throw JobFailure("Late arriving data: timestamp=\(date), previous=\(previousDate)") }
        return seconds * context.clock.speedup / 3600
    }

    func publish(_ estimate: GrowthEstimate, _ runtime: JobRuntime) async {
        let timestamp = JSONValue.string(estimate.timestamp)
        await runtime.publish("growth_rate", .json(.object(JSONObject([("growth_rate", .double(estimate.growthRate)), ("timestamp", timestamp)]))))
        await runtime.publish("od_filtered", .json(.object(JSONObject([("od_filtered", .double(estimate.odFiltered)), ("timestamp", timestamp)]))))
        await runtime.publish("kalman_filter_outputs", .json(.object(JSONObject([
            ("state", .array(estimate.state.map(JSONValue.double))),
            ("covariance_matrix", .array(estimate.covariance.map { .array($0.map(JSONValue.double)) })),
            ("timestamp", timestamp),
        ]))))
    }

    public func disconnect(_ runtime: JobRuntime) async {}
}
