import Foundation

/// Start-up statistics of growth_rate_calculating (jobs.md §8.3): per-channel normalisation
/// medians, and the filter's initial state and noise levels from the normalised warm-up.
public enum GrowthRateWarmup {
    /// Per channel: the median (the normalisation factor) and a robust variance of the raw ODs.
    public static func normalization(_ warmup: [[String: Double]]) -> (factors: [String: Double], variances: [String: Double]) {
        var byChannel: [String: [Double]] = [:]
        for reading in warmup {
            for (channel, od) in reading { byChannel[channel, default: []].append(od) }
        }
        return (byChannel.mapValues(median), byChannel.mapValues { max(pow(robustStd($0), 2), 1e-12) })
    }

    /// The filter built from normalised warm-up rows (one value per channel, in channel order).
    public static func filter(
        scaled warmup: [[Double]], sensors: Int, expectedDtHours: Double, outlierThreshold: Double
    ) -> CultureGrowthEKF {
        let noise = observationNoise(warmup, sensors: sensors, expectedDtHours: expectedDtHours)
        let fused = warmup.map { $0.reduce(0, +) / Double($0.count) }
        let initialNOD = median(Array(fused.suffix(5)))
        let logs = fused.map { log(max($0, 1e-9)) }
        let sigmaLogOD = max(0.05, 2 * robustStd(logs), (noise.reduce(0, +) / Double(noise.count)).squareRoot())
        return CultureGrowthEKF(
            initialState: [log(max(initialNOD, 1e-9)), 0, 0],
            initialCovariance: Matrix3.diagonal([sigmaLogOD * sigmaLogOD, 0.03 * 0.03, 0.05 * 0.05]),
            processNoise: processNoise(expectedDtHours: expectedDtHours),
            observationNoise: noise, outlierThreshold: outlierThreshold)
    }

    /// Process noise scaled to the sampling interval (5 s is the reference interval).
    static func processNoise(expectedDtHours: Double) -> [[Double]] {
        let scale = max(expectedDtHours / (5.0 / 3600), 0.25)
        return Matrix3.diagonal([1e-8 * scale, 5e-8 * scale, 5e-6 * scale])
    }

    /// Per sensor: the robust variance of log residuals around a straight-line fit in time.
    static func observationNoise(_ warmup: [[Double]], sensors: Int, expectedDtHours: Double) -> [Double] {
        guard warmup.count >= 2 else { return Array(repeating: 1e-3, count: sensors) }
        let times = warmup.indices.map { Double($0) * expectedDtHours }
        return (0..<sensors).map { sensor in
            let logs = warmup.map { log(max($0[sensor], 1e-9)) }
            let (intercept, slope) = lineFit(times, logs)
            let residuals = zip(times, logs).map { $1 - (intercept + slope * $0) }
            let spread = max(robustStd(residuals), 5e-3)
            return spread * spread
        }
    }

    /// Least-squares `y = a + b·x`.
    static func lineFit(_ x: [Double], _ y: [Double]) -> (Double, Double) {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let slope = sxx > 0 ? sxy / sxx : 0
        return (meanY - slope * meanX, slope)
    }

    /// numpy's median (the mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// 1.4826 × the median absolute deviation.
    static func robustStd(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let center = median(values)
        return 1.4826 * median(values.map { abs($0 - center) })
    }
}
