import Foundation

/// Why a curve could not be evaluated or inverted (reference exception names in comments).
public enum CurveError: Error, Equatable, Sendable {
    /// NoSolutionsFoundError
    case noSolutions(String)
    /// SolutionBelowDomainError
    case solutionBelowDomain(String)
    /// SolutionAboveDomainError
    case solutionAboveDomain(String)
    /// A malformed spline/akima shape (ValueError in the reference).
    case invalidCurve(String)
}

/// A calibration's `curve_data_` (storage.md §5.1), evaluated like the reference.
public enum CalibrationCurve: Sendable, Equatable {
    /// Coefficients highest degree first.
    case poly(coefficients: [Double])
    /// Natural cubic spline: rows `[a, b, c, d]` per segment, `knots.count == rows + 1`.
    case spline(knots: [Double], coefficients: [[Double]])
    /// Akima piecewise cubic, same shape as `spline`.
    case akima(knots: [Double], coefficients: [[Double]])

    /// Reads a decoded `curve_data_` object; nil if it is not one of the three forms.
    public init?(json: JSONValue) {
        func numbers(_ value: JSONValue?) -> [Double]? {
            value?.arrayValue?.compactMap(Self.double).count == value?.arrayValue?.count
                ? value?.arrayValue?.compactMap(Self.double) : nil
        }
        switch json["type"]?.stringValue {
        case "poly":
            guard let coefficients = numbers(json["coefficients"]) else { return nil }
            self = .poly(coefficients: coefficients)
        case let kind? where kind == "spline" || kind == "akima":
            guard let knots = numbers(json["knots"]), let rows = json["coefficients"]?.arrayValue else { return nil }
            var matrix: [[Double]] = []
            for row in rows {
                guard let values = numbers(row) else { return nil }
                matrix.append(values)
            }
            self = kind == "spline" ? .spline(knots: knots, coefficients: matrix) : .akima(knots: knots, coefficients: matrix)
        default:
            return nil
        }
    }

    static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        default: return nil
        }
    }

    /// The inversion domain: [min, max] of the recorded x values, or nil (unbounded) when empty.
    public static func domain(recordedX: [Double]) -> ClosedRange<Double>? {
        guard let low = recordedX.min(), let high = recordedX.max() else { return nil }
        return low...high
    }

    /// `x_to_y`: evaluates the curve, rounded to 10 decimals.
    public func xToY(_ x: Double) throws(CurveError) -> Double {
        switch self {
        case .poly(let coefficients):
            guard !coefficients.isEmpty else { throw CurveError.noSolutions("curve_data_ is empty") }
            // numpy.polyval: Horner starting from zero.
            var y = 0.0
            for coefficient in coefficients { y = y * x + coefficient }
            return Self.round10(y)
        case .spline(let knots, let rows), .akima(let knots, let rows):
            guard !knots.isEmpty, !rows.isEmpty else { throw CurveError.noSolutions("curve_data_ is empty") }
            try Self.validatePiecewise(knots: knots, rows: rows)
            let index = Self.intervalIndex(knots, x)
            let u = x - knots[index]
            let row = rows[index]
            return Self.round10(row[0] + row[1] * u + row[2] * pow(u, 2) + row[3] * pow(u, 3))
        }
    }

    /// `y_to_x`: all real x with f(x) = y, then the rule of storage.md §5.1 picks one.
    /// `domain` nil means (−∞, ∞); use `domain(recordedX:)`.
    public func yToX(_ y: Double, enforceBounds: Bool = false, domain: ClosedRange<Double>?) throws(CurveError) -> Double {
        let solutions = try allSolutions(y)
        let low = domain?.lowerBound ?? -.infinity
        let high = domain?.upperBound ?? .infinity
        guard let first = solutions.first else { throw CurveError.noSolutions("No solutions found") }
        if solutions.count == 1 {
            if !enforceBounds || (low <= first && first <= high) { return Self.round10(first) }
            let tolerance = 1e-12
            if first < low, abs(first - low) <= tolerance { return Self.round10(low) }
            if first > high, abs(first - high) <= tolerance { return Self.round10(high) }
            let range = "[\(JSONValue.pythonFloatRepr(low).replacingOccurrences(of: "Infinity", with: "inf")), "
                + "\(JSONValue.pythonFloatRepr(high).replacingOccurrences(of: "Infinity", with: "inf"))]"
            if first < low { throw CurveError.solutionBelowDomain("Solution below domain \(range)") }
            throw CurveError.solutionAboveDomain("Solution above domain \(range)")
        }
        let closest = Self.closestToDomain(solutions, low, high)
        if (low <= closest && closest <= high) || !enforceBounds { return Self.round10(closest) }
        if closest < low { throw CurveError.solutionBelowDomain("Solution below domain") }
        // The reference's message says "below" here too.
        throw CurveError.solutionAboveDomain("Solution below domain")
    }

    /// Every real solution of f(x) = y, sorted.
    func allSolutions(_ y: Double) throws(CurveError) -> [Double] {
        switch self {
        case .poly(let coefficients):
            guard !coefficients.isEmpty else { throw CurveError.noSolutions("curve_data_ is empty") }
            var shifted = coefficients
            shifted[shifted.count - 1] -= y
            return PolynomialRoots.realRoots(shifted, imaginaryTolerance: 1e-10)
        case .spline(let knots, let rows), .akima(let knots, let rows):
            guard !knots.isEmpty, !rows.isEmpty else { throw CurveError.noSolutions("curve_data_ is empty") }
            try Self.validatePiecewise(knots: knots, rows: rows)
            return Self.piecewiseSolutions(knots: knots, rows: rows, y: y)
        }
    }

    static func validatePiecewise(knots: [Double], rows: [[Double]]) throws(CurveError) {
        guard rows.allSatisfy({ $0.count == 4 }) else { throw CurveError.invalidCurve("Invalid spline_data format.") }
        guard knots.count == rows.count + 1 else { throw CurveError.invalidCurve("Coefficient count must be len(knots) - 1.") }
        guard zip(knots, knots.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw CurveError.invalidCurve("Knots must be strictly increasing.")
        }
    }

    /// `searchsorted(knots, x, side="right") - 1`, clamped to a valid segment.
    static func intervalIndex(_ knots: [Double], _ x: Double) -> Int {
        let index = knots.filter { $0 <= x }.count - 1
        return min(max(index, 0), knots.count - 2)
    }

    /// Segment roots: the first segment is open to −∞, the last to +∞; roots 1e-7 apart merge.
    static func piecewiseSolutions(knots: [Double], rows: [[Double]], y: Double) -> [Double] {
        var solutions: [Double] = []
        let last = rows.count - 1
        for (index, row) in rows.enumerated() {
            let h = knots[index + 1] - knots[index]
            let lower: Double = index == 0 ? -.infinity : 0
            let upper: Double = index == last ? .infinity : h
            for root in segmentRoots([row[3], row[2], row[1], row[0] - y], lower, upper) {
                solutions.append(knots[index] + root)
            }
        }
        var unique: [Double] = []
        for value in solutions.sorted() where unique.last.map({ abs(value - $0) > 1e-7 }) ?? true {
            unique.append(value)
        }
        return unique
    }

    private static func segmentRoots(_ coefficients: [Double], _ start: Double, _ end: Double) -> [Double] {
        let trimmed = Array(coefficients.drop(while: { abs($0) < 1e-12 }))
        if trimmed.isEmpty {
            // A flat segment equal to y everywhere: its finite ends count as solutions.
            return start.isFinite && end.isFinite ? [start, end] : []
        }
        var roots: [Double] = []
        for root in PolynomialRoots.complexRoots(trimmed) where abs(root.im) <= 1e-9 {
            let value = root.re
            let lowerOK = start.isFinite ? value >= start - 1e-9 : true
            let upperOK = end.isFinite ? value <= end + 1e-9 : true
            if lowerOK && upperOK { roots.append(min(max(value, start), end)) }
        }
        return roots
    }

    /// The smallest solution inside [low, high], else the one nearest to it.
    static func closestToDomain(_ points: [Double], _ low: Double, _ high: Double) -> Double {
        var best = points[0]
        var bestDistance = Double.infinity
        for point in points.sorted() {
            if low <= point && point <= high { return point }
            let distance = min(abs(point - low), abs(point - high))
            if distance < bestDistance {
                bestDistance = distance
                best = point
            }
        }
        return best
    }

    /// Python's `round(value, 10)`: printf rounds the exact binary value, as Python does.
    static func round10(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return Double(String(format: "%.10f", value)) ?? value
    }
}
