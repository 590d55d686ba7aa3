import Foundation

/// Real roots of polynomials, mirroring `numpy.roots` (exact-zero trimming, trailing zeros give
/// zero roots) followed by the reference's filter on the imaginary part.
enum PolynomialRoots {
    struct Complex: Equatable {
        var re: Double
        var im: Double
        static func + (a: Complex, b: Complex) -> Complex { Complex(re: a.re + b.re, im: a.im + b.im) }
        static func - (a: Complex, b: Complex) -> Complex { Complex(re: a.re - b.re, im: a.im - b.im) }
        static func * (a: Complex, b: Complex) -> Complex {
            Complex(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
        }
        static func / (a: Complex, b: Complex) -> Complex {
            let denominator = b.re * b.re + b.im * b.im
            return Complex(re: (a.re * b.re + a.im * b.im) / denominator, im: (a.im * b.re - a.re * b.im) / denominator)
        }
        var magnitude: Double { hypot(re, im) }
    }

    /// All complex roots of `coefficients` (highest degree first), like `numpy.roots`.
    static func complexRoots(_ coefficients: [Double]) -> [Complex] {
        guard let first = coefficients.firstIndex(where: { $0 != 0 }),
            let last = coefficients.lastIndex(where: { $0 != 0 })
        else { return [] }
        let trailingZeros = coefficients.count - last - 1
        let p = Array(coefficients[first...last])
        var roots: [Complex] = []
        switch p.count {
        case 1: break
        case 2: roots = [Complex(re: -p[1] / p[0], im: 0)]
        case 3: roots = quadratic(p[0], p[1], p[2])
        default: roots = aberth(p)
        }
        roots += Array(repeating: Complex(re: 0, im: 0), count: trailingZeros)
        return roots
    }

    /// Sorted real parts of roots whose imaginary part is below `tolerance`.
    static func realRoots(_ coefficients: [Double], imaginaryTolerance tolerance: Double) -> [Double] {
        complexRoots(coefficients).filter { abs($0.im) < tolerance }.map(\.re).sorted()
    }

    private static func quadratic(_ a: Double, _ b: Double, _ c: Double) -> [Complex] {
        let discriminant = b * b - 4 * a * c
        if discriminant < 0 {
            let re = -b / (2 * a), im = sqrt(-discriminant) / (2 * a)
            return [Complex(re: re, im: im), Complex(re: re, im: -im)]
        }
        // Numerically stable form: avoid cancellation between -b and the root.
        let q = -0.5 * (b + (b >= 0 ? 1 : -1) * sqrt(discriminant))
        if q == 0 { return [Complex(re: 0, im: 0), Complex(re: 0, im: 0)] }
        return [Complex(re: q / a, im: 0), Complex(re: c / q, im: 0)]
    }

    /// Aberth–Ehrlich simultaneous iteration; converges cubically for simple roots.
    private static func aberth(_ p: [Double]) -> [Complex] {
        let degree = p.count - 1
        let monic = p.map { $0 / p[0] }
        // Cauchy bound on root magnitudes gives the starting circle.
        let radius = 1 + (monic.dropFirst().map { abs($0) }.max() ?? 0)
        var z = (0..<degree).map { k -> Complex in
            let angle = 2 * Double.pi * Double(k) / Double(degree) + 0.4
            return Complex(re: radius * 0.5 * cos(angle), im: radius * 0.5 * sin(angle))
        }
        for _ in 0..<500 {
            var maxStep = 0.0
            for k in 0..<degree {
                var value = Complex(re: 0, im: 0), derivative = Complex(re: 0, im: 0)
                for coefficient in monic {
                    derivative = derivative * z[k] + value
                    value = value * z[k] + Complex(re: coefficient, im: 0)
                }
                if value.magnitude == 0 { continue }
                let ratio = value / derivative
                var sum = Complex(re: 0, im: 0)
                for j in 0..<degree where j != k {
                    sum = sum + Complex(re: 1, im: 0) / (z[k] - z[j])
                }
                let step = ratio / (Complex(re: 1, im: 0) - ratio * sum)
                if step.re.isFinite, step.im.isFinite {
                    z[k] = z[k] - step
                    maxStep = max(maxStep, step.magnitude / max(1, z[k].magnitude))
                }
            }
            if maxStep < 1e-16 { break }
        }
        return z
    }
}
