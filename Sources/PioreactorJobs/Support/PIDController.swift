/// A discrete PID like the reference's `PID`: error = setpoint − measured, the integral clamped
/// to the output range (anti-windup), the derivative taken on the measurement (no kick when the
/// setpoint changes), and the output clamped to the range.
public struct PIDController: Sendable, Equatable {
    public var kp: Double
    public var ki: Double
    public var kd: Double
    public var setpoint: Double
    public var outputRange: ClosedRange<Double>
    var integral = 0.0
    var lastMeasured: Double?

    /// A symmetric output limit, ±`outputLimit`.
    public init(kp: Double, ki: Double, kd: Double, setpoint: Double, outputLimit: Double) {
        self.init(kp: kp, ki: ki, kd: kd, setpoint: setpoint, outputRange: -abs(outputLimit)...abs(outputLimit))
    }

    public init(kp: Double, ki: Double, kd: Double, setpoint: Double, outputRange: ClosedRange<Double>) {
        self.kp = kp
        self.ki = ki
        self.kd = kd
        self.setpoint = setpoint
        self.outputRange = outputRange
    }

    /// The clamped output for a new measurement taken `dt` after the previous one.
    public mutating func update(_ measured: Double, dt: Double = 1) -> Double {
        let error = setpoint - measured
        integral = clamp(integral + error * dt)
        let derivative = lastMeasured.map { -(measured - $0) / dt } ?? 0
        lastMeasured = measured
        return clamp(kp * error + ki * integral + kd * derivative)
    }

    func clamp(_ value: Double) -> Double { min(max(value, outputRange.lowerBound), outputRange.upperBound) }
}
