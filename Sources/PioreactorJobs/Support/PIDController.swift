/// A discrete PID with output limits, like the reference's `PID` (setpoint − measured).
public struct PIDController: Sendable, Equatable {
    public var kp: Double
    public var ki: Double
    public var kd: Double
    public var setpoint: Double
    public var outputLimit: Double
    var integral = 0.0
    var lastError: Double?

    public init(kp: Double, ki: Double, kd: Double, setpoint: Double, outputLimit: Double) {
        self.kp = kp
        self.ki = ki
        self.kd = kd
        self.setpoint = setpoint
        self.outputLimit = outputLimit
    }

    /// The clamped output for a new measurement taken `dt` after the previous one.
    public mutating func update(_ measured: Double, dt: Double = 1) -> Double {
        let error = setpoint - measured
        integral += error * dt
        let derivative = lastError.map { (error - $0) / dt } ?? 0
        lastError = error
        let output = kp * error + ki * integral + kd * derivative
        return min(max(output, -outputLimit), outputLimit)
    }
}
