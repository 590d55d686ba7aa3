import Foundation

/// The growth-rate filter of jobs.md §8.3: state `[ln nOD, μ (h⁻¹), dμ]`, a kinematic model in
/// log-OD space, the sensors fused into one log observation per step, outliers down-weighted
/// beyond `outlierThreshold` σ and the process variance widened right after a dilution.
public struct CultureGrowthEKF: Sendable, Equatable {
    public private(set) var state: [Double]
    public private(set) var covariance: [[Double]]
    let processNoise: [[Double]]
    /// Per-sensor variances in normalised-OD space (a diagonal matrix).
    private(set) var observationNoise: [Double]
    let outlierThreshold: Double
    let growthRateRange: ClosedRange<Double>
    let baseLogObservationVariance: Double
    private(set) var logObservationVariance: Double

    static let minimumValue = 1e-9

    public init(
        initialState: [Double], initialCovariance: [[Double]], processNoise: [[Double]],
        observationNoise: [Double], outlierThreshold: Double, growthRateRange: ClosedRange<Double> = -1...3
    ) {
        precondition(initialState.count == 3 && initialCovariance.count == 3 && processNoise.count == 3)
        state = initialState
        state[1] = min(max(state[1], growthRateRange.lowerBound), growthRateRange.upperBound)
        covariance = initialCovariance
        self.processNoise = processNoise
        self.observationNoise = observationNoise
        self.outlierThreshold = outlierThreshold
        self.growthRateRange = growthRateRange
        let meanNoise = observationNoise.reduce(0, +) / Double(max(observationNoise.count, 1))
        baseLogObservationVariance = max(2e-5, 3 * meanNoise / max(exp(state[0]) * exp(state[0]), Self.minimumValue))
        logObservationVariance = baseLogObservationVariance
    }

    /// One step: `observations` are the normalised ODs (one per sensor), `dt` in hours.
    public mutating func update(_ observations: [Double], dt: Double, recentDilution: Bool = false) throws {
        guard observations.count == observationNoise.count else {
            throw CultureGrowthEKFError("obs must contain one value per sensor: got \(observations.count), expected \(observationNoise.count)")
        }
        let (measurement, measurementVariance) = combinedLogMeasurement(observations)
        let transition = [[1, dt, 0.5 * dt * dt], [0, 1, dt], [0, 0, 0.995]]
        let predicted = Matrix3.apply(transition, state)
        var noise = processNoise
        if recentDilution {
            noise[0][0] += 0.05
            noise[1][1] += 1e-4
        }
        let predictedCovariance = Matrix3.add(
            Matrix3.multiply(Matrix3.multiply(transition, covariance), Matrix3.transpose(transition)), noise)

        let innovation = measurement - predicted[0]
        var effectiveVariance = max(measurementVariance, logObservationVariance)
        var residualVariance = predictedCovariance[0][0] + effectiveVariance
        let standardised = innovation / max(residualVariance, 1e-12).squareRoot()
        let isOutlier = abs(standardised) > outlierThreshold
        if isOutlier {
            // Down-weight rather than drop, so a real step change still pulls the state.
            let ratio = abs(standardised) / max(outlierThreshold, 1e-12)
            effectiveVariance *= max(ratio * ratio, 1)
            residualVariance = predictedCovariance[0][0] + effectiveVariance
        }

        let gain = (0..<3).map { predictedCovariance[$0][0] / max(residualVariance, 1e-12) }
        state = (0..<3).map { predicted[$0] + gain[$0] * innovation }
        covariance = (0..<3).map { row in (0..<3).map { column in
            predictedCovariance[row][column] - gain[row] * predictedCovariance[0][column]
        } }
        for index in 0..<3 { covariance[index][index] = max(covariance[index][index], 1e-12) }
        state[1] = min(max(state[1], growthRateRange.lowerBound), growthRateRange.upperBound)
        if state.contains(where: \.isNaN) { throw CultureGrowthEKFError("NaNs detected after calculation.") }

        if !isOutlier && !recentDilution {
            // Learn the observation noise from ordinary innovations only.
            let squared = min(innovation * innovation, 16 * residualVariance)
            logObservationVariance = max(baseLogObservationVariance, 0.98 * logObservationVariance + 0.02 * squared)
            let od = max(exp(state[0]), Self.minimumValue)
            observationNoise = observationNoise.map { _ in logObservationVariance * od * od }
        }
    }

    /// Inverse-variance weighted mean of the sensors' log readings, and its variance.
    func combinedLogMeasurement(_ observations: [Double]) -> (Double, Double) {
        var weightSum = 0.0
        var weightedLogs = 0.0
        for (index, observation) in observations.enumerated() {
            let od = max(observation, Self.minimumValue)
            let variance = max(max(observationNoise[index], 1e-12) / (od * od), baseLogObservationVariance)
            weightSum += 1 / variance
            weightedLogs += log(od) / variance
        }
        let combinedVariance = 1 / weightSum
        return (weightedLogs * combinedVariance, combinedVariance)
    }
}

public struct CultureGrowthEKFError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// 3×3 helpers for the filter.
enum Matrix3 {
    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0) { $0 + a[i][$1] * b[$1][j] } } }
    }

    static func transpose(_ a: [[Double]]) -> [[Double]] {
        (0..<3).map { i in (0..<3).map { j in a[j][i] } }
    }

    static func add(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<3).map { i in (0..<3).map { j in a[i][j] + b[i][j] } }
    }

    static func apply(_ a: [[Double]], _ x: [Double]) -> [Double] {
        (0..<3).map { i in (0..<3).reduce(0) { $0 + a[i][$1] * x[$1] } }
    }

    static func diagonal(_ values: [Double]) -> [[Double]] {
        (0..<3).map { i in (0..<3).map { j in i == j ? values[i] : 0 } }
    }
}
