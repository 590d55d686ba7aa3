import Foundation

/// Normal and log-normal draws (Box–Muller) from the system generator.
enum GaussianNoise {
    static func normal(sigma: Double = 1) -> Double {
        var generator = SystemRandomNumberGenerator()
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let u2 = Double.random(in: 0..<1, using: &generator)
        return sigma * sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }
}
