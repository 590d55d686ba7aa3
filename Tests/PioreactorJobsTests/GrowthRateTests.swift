import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

@Suite(.serialized) struct GrowthRateTests {
    static let dt = 5.0 / 3600

    /// The golden series: two channels, a 5 % dilution at reading 160.
    static func goldenOD(_ i: Int, _ channel: String) -> Double {
        var value = 0.05 * exp(0.3 * Double(i) * dt) * (1 + 0.004 * sin(1.3 * Double(i) + (channel == "2" ? 0 : 0.7)))
        if i >= 160 { value *= 0.95 }
        return value * (channel == "2" ? 1 : 0.4)
    }

    /// Values printed by the reference (growth_rate_calculating's warm-up + grpredict's filter)
    /// for the same series.
    @Test func filterMatchesTheReferenceOnADeterministicSeries() throws {
        var estimator = try GrowthRateEstimator(samplesForStatistics: 10, expectedDtHours: Self.dt, outlierThreshold: 5)
        func observation(_ i: Int) -> ODObservation {
            ODObservation(timestamp: "t\(i)", date: Date(), ods: ["2": Self.goldenOD(i, "2"), "3": Self.goldenOD(i, "3")])
        }
        for i in 0..<10 { _ = estimator.collect(observation(i)) }
        let (factors, _) = GrowthRateWarmup.normalization(estimator.warmup.map(\.ods))
        #expect(abs(factors["2"]! - 0.050089876492341576) < 1e-15 && abs(factors["3"]! - 0.020040275966780263) < 1e-15)
        try estimator.initialise(factors: factors)
        #expect(estimator.channels == ["3", "2"])
        let golden: [Int: ([Double], [Double])] = [
            100: ([0.03216036483260315, 0.1695801732010971, 0.017400047309010153], [2.4607351891881794e-06, 0.00040950946791951776, 0.0012976558643419105]),
            159: ([0.06030984488379559, 0.25427403322439934, 0.02996700756050388], [1.9974083564960496e-06, 0.00016987263222306888, 0.0009296619490124498]),
            161: ([0.016674276434540374, 0.25434514656929763, 0.029663833826562555], [7.47506417922636e-05, 0.00037061908127583007, 0.0009211573525139183]),
            319: ([0.07875792597395474, 0.29089678012468484, 0.021126177020433134], [1.7797247369842718e-06, 0.00012952523545895771, 0.0005675229249491535]),
        ]
        for i in 10..<320 {
            if i == 160 { estimator.noteDose() }
            let estimate = try estimator.update(observation(i), dt: Self.dt)
            guard let (state, variances) = golden[i] else { continue }
            for k in 0..<3 {
                #expect(abs(estimate.state[k] - state[k]) <= 1e-9 * max(1, abs(state[k])), "state[\(k)] at \(i)")
                #expect(abs(estimate.covariance[k][k] - variances[k]) <= 1e-9 * variances[k], "P[\(k)][\(k)] at \(i)")
            }
            #expect(estimate.growthRate == estimate.state[1] && estimate.odFiltered == exp(estimate.state[0]))
        }
    }

    @Test func growthRateConvergesOnANoisyExponential() throws {
        var estimator = try GrowthRateEstimator(samplesForStatistics: 10, expectedDtHours: Self.dt, outlierThreshold: 5)
        var noise = SplitMix(seed: 7)
        var estimate: GrowthEstimate?
        for i in 0..<700 {
            let od = 0.08 * exp(0.25 * Double(i) * Self.dt) * (1 + 0.005 * noise.gaussian())
            let observation = ODObservation(timestamp: "t\(i)", date: Date(), ods: ["2": od])
            if !estimator.isWarm {
                if estimator.collect(observation) { try estimator.initialise(factors: GrowthRateWarmup.normalization(estimator.warmup.map(\.ods)).factors) }
            } else {
                estimate = try estimator.update(observation, dt: Self.dt)
            }
        }
        let final = try #require(estimate)
        #expect(abs(final.growthRate - 0.25) < 0.03)
        // nOD ≈ exp(μ t) relative to the warm-up median (taken around reading 4.5).
        #expect(abs(final.odFiltered - exp(0.25 * (699 - 4.5) * Self.dt)) < 0.02)
    }

    @Test func badSettingsAndReadingsAreRefused() throws {
        #expect(throws: JobFailure.self) { try GrowthRateEstimator(samplesForStatistics: 10, expectedDtHours: Self.dt, outlierThreshold: 2) }
        #expect(throws: JobFailure.self) { try GrowthRateEstimator(samplesForStatistics: 10, expectedDtHours: 0, outlierThreshold: 5) }
        var estimator = try GrowthRateEstimator(samplesForStatistics: 2, expectedDtHours: Self.dt, outlierThreshold: 5)
        _ = estimator.collect(ODObservation(timestamp: "a", date: Date(), ods: ["2": 0.1]))
        let complete = estimator.collect(ODObservation(timestamp: "b", date: Date(), ods: ["2": 0.1]))
        #expect(complete)
        var zero = estimator
        #expect(throws: JobFailure.self) { try zero.initialise(factors: ["2": 0]) }
        try estimator.initialise(factors: ["2": 0.1])
        var negative = estimator
        #expect(throws: JobFailure.self) { try negative.update(ODObservation(timestamp: "c", date: Date(), ods: ["2": -0.01]), dt: Self.dt) }
        var missing = estimator
        #expect(throws: JobFailure.self) { try missing.update(ODObservation(timestamp: "d", date: Date(), ods: ["3": 0.1]), dt: Self.dt) }
    }

    /// The job end to end against fake published readings: skip, warm-up, cache, publish, doses.
    @Test func jobNormalisesCachesPublishesAndWidensAfterDoses() async throws {
        let unit = try TempUnit(speedup: 100)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "growth_rate_calculating")
        let source = FakeReadings()
        let job = try GrowthRateCalculatingJob(context: context, source: source)
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            try await store.setting(jobName: "growth_rate_calculating", setting: "$state") == .string("ready")
        })
        // Readings 5 simulated seconds apart, as od_reading would stamp them.
        let start = Date()
        for i in 0..<400 {
            let date = start.addingTimeInterval(Double(i) * 5 / context.clock.speedup)
            let od = 0.05 * exp(0.3 * Double(i) * Self.dt)
            try await job.process(ODObservation(timestamp: StructTimestamp.now(date), date: date, ods: ["2": od]), runtime)
        }
        // Five skipped, ten for warm-up: the factor is their median (readings 5…14).
        let cached = try #require(try await context.persistent.cache("od_normalization_mean").getJSON(.text("exp1")))
        #expect(abs((cached["2"]?.numberValue ?? 0) - 0.05 * exp(0.3 * 9.5 * Self.dt)) < 1e-6)
        let settings = try await store.settings(jobName: "growth_rate_calculating")
        let growth = try JSONValue.parse(try #require(settings["growth_rate"]?.stringValue))
        #expect(growth.objectValue?.keys == ["growth_rate", "timestamp"])
        #expect(abs((growth["growth_rate"]?.numberValue ?? 0) - 0.3) < 0.03)
        let filtered = try JSONValue.parse(try #require(settings["od_filtered"]?.stringValue))
        #expect(filtered.objectValue?.keys == ["od_filtered", "timestamp"])
        #expect(filtered["timestamp"] == growth["timestamp"])
        let kalman = try JSONValue.parse(try #require(settings["kalman_filter_outputs"]?.stringValue))
        #expect(kalman.objectValue?.keys == ["state", "covariance_matrix", "timestamp"])
        #expect(kalman["state"]?.arrayValue?.count == 3 && kalman["covariance_matrix"]?.arrayValue?.count == 3)

        // A new pump run is a dosing event: the next two readings use the widened variance.
        await source.dose(42)
        try await job.poll(runtime)
        #expect(await job.estimator.doseWindow == 2)

        await runtime.requestStop()
        #expect(await running.value == 0)
        #expect(try await store.runningJobs().isEmpty)
    }

    @Test func aSecondRunReusesTheCachedNormalisation() async throws {
        let unit = try TempUnit(speedup: 100)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "growth_rate_calculating")
        try await context.persistent.cache("od_normalization_mean").set(.text("exp1"), .text(#"{"2":0.025}"#))
        let job = try GrowthRateCalculatingJob(context: context, source: FakeReadings())
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            try await store.setting(jobName: "growth_rate_calculating", setting: "$state") == .string("ready")
        })
        let start = Date()
        for i in 0..<16 {
            let date = start.addingTimeInterval(Double(i) * 0.05)
            try await job.process(ODObservation(timestamp: StructTimestamp.now(date), date: date, ods: ["2": 0.05]), runtime)
        }
        #expect(await job.estimator.factors == ["2": 0.025])
        let filtered = try #require(try await store.setting(jobName: "growth_rate_calculating", setting: "od_filtered"))
        #expect(abs((try JSONValue.parse(try #require(filtered.stringValue))["od_filtered"]?.numberValue ?? 0) - 2) < 0.05)
        await runtime.requestStop()
        #expect(await running.value == 0)
    }
}

/// A small deterministic generator for test noise.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }

    /// Box–Muller.
    mutating func gaussian() -> Double {
        (-2 * log(max(next(), 1e-300))).squareRoot() * cos(2 * .pi * next())
    }
}
