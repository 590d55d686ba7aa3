import Foundation

/// One `ods` reading as growth_rate_calculating consumes it.
public struct ODObservation: Sendable, Equatable {
    public let timestamp: String
    public let date: Date
    public let ods: [String: Double]

    public init(timestamp: String, date: Date, ods: [String: Double]) {
        self.timestamp = timestamp
        self.date = date
        self.ods = ods
    }
}

/// What growth_rate_calculating publishes for one reading.
public struct GrowthEstimate: Sendable, Equatable {
    public let growthRate: Double
    public let odFiltered: Double
    public let state: [Double]
    public let covariance: [[Double]]
    public let timestamp: String
}

/// Warm-up, normalisation and the filter, without I/O: feed readings, get estimates.
public struct GrowthRateEstimator: Sendable {
    public let samplesForStatistics: Int
    public let expectedDtHours: Double
    public let outlierThreshold: Double
    public private(set) var warmup: [ODObservation] = []
    public private(set) var factors: [String: Double] = [:]
    public private(set) var filter: CultureGrowthEKF?
    /// Observations still to be filtered with the widened post-dose variance.
    private(set) var doseWindow = 0

    public init(samplesForStatistics: Int, expectedDtHours: Double, outlierThreshold: Double) throws {
        guard outlierThreshold > 2 else {
            throw JobFailure("outlier_std_threshold should not be less than 2.0 - that's eliminating too many data points.")
        }
        guard expectedDtHours > 0 else { throw JobFailure("samples_per_second must be > 0") }
        self.samplesForStatistics = max(samplesForStatistics, 1)
        self.expectedDtHours = expectedDtHours
        self.outlierThreshold = outlierThreshold
    }

    public var isWarm: Bool { filter != nil }

    /// Channels in the reference's order (reverse-sorted names).
    public var channels: [String] { factors.keys.sorted(by: >) }

    /// Adds a warm-up reading; true once enough are collected.
    public mutating func collect(_ observation: ODObservation) -> Bool {
        warmup.append(observation)
        return warmup.count >= samplesForStatistics
    }

    /// Builds the filter from the warm-up, normalised by `factors` (cached or from the warm-up).
    public mutating func initialise(factors: [String: Double]) throws {
        self.factors = factors
        let scaledWarmup = try warmup.map(scaled)
        filter = GrowthRateWarmup.filter(
            scaled: scaledWarmup, sensors: factors.count, expectedDtHours: expectedDtHours, outlierThreshold: outlierThreshold)
    }

    /// `nOD = od / factor` per channel; non-positive factors or values are errors.
    public func scaled(_ observation: ODObservation) throws -> [Double] {
        let zeroFactors = channels.filter { factors[$0]! <= 0 }
        guard zeroFactors.isEmpty else {
            throw JobFailure("Non-positive OD normalization factor(s) for channel(s) \(zeroFactors): \(factors)")
        }
        let values = try channels.map { channel in
            guard let od = observation.ods[channel] else { throw JobFailure("No reading for channel \(channel) in \(observation.ods)") }
            return od / factors[channel]!
        }
        if values.contains(where: { $0 <= 0 }) {
            throw JobFailure("Non-positive normalized value(s) observed: \(values). Likely optical signal received is less than the blank signal or OD reading is 0.")
        }
        return values
    }

    /// Filters one reading taken `dt` hours after the previous one.
    public mutating func update(_ observation: ODObservation, dt: Double) throws -> GrowthEstimate {
        guard var current = filter else { throw JobFailure("growth-rate filter is not initialised") }
        try current.update(try scaled(observation), dt: dt, recentDilution: doseWindow > 0)
        filter = current
        doseWindow = max(doseWindow - 1, 0)
        return GrowthEstimate(
            growthRate: current.state[1], odFiltered: exp(current.state[0]), state: current.state,
            covariance: current.covariance, timestamp: observation.timestamp)
    }

    /// A dose happened: widen the filter's variance for the next `observations` readings.
    public mutating func noteDose(observations: Int = 2) {
        doseWindow = observations
    }
}
