import PioreactorCore

/// A discrete PID like the reference's `PID`: error = setpoint − measured, the integral clamped
/// to the output range (anti-windup), the derivative taken on the measurement (no kick when the
/// setpoint changes), and the output clamped to the range.
public struct PIDController: Sendable, Equatable {
    public var kp: Double
    public var ki: Double
    public var kd: Double
    public var setpoint: Double?
    /// The output limits as the job gives them: their JSON type (`-25` or `-7.5`) is part of the
    /// `pid_log` payload.
    public let limits: (lower: JSONValue, upper: JSONValue)
    var integral = 0.0
    var lastMeasured: Double?
    var lastError: Double?
    var lastDerivative = 0.0
    /// The last output with the JSON type the reference's would have.
    public private(set) var lastOutputJSON: JSONValue = .null

    public init(kp: Double, ki: Double, kd: Double, setpoint: Double?, limits: (lower: JSONValue, upper: JSONValue)) {
        self.kp = kp
        self.ki = ki
        self.kd = kd
        self.setpoint = setpoint
        self.limits = limits
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        (lhs.kp, lhs.ki, lhs.kd, lhs.setpoint, lhs.integral, lhs.lastMeasured) == (rhs.kp, rhs.ki, rhs.kd, rhs.setpoint, rhs.integral, rhs.lastMeasured)
            && lhs.limits.lower == rhs.limits.lower && lhs.limits.upper == rhs.limits.upper
    }

    var range: ClosedRange<Double> { (limits.lower.numberValue ?? -.infinity)...(limits.upper.numberValue ?? .infinity) }

    /// The clamped output for a new measurement taken `dt` after the previous one (the
    /// reference's jobs all use its default, 1).
    public mutating func update(_ measured: Double, dt: Double = 1) -> Double {
        let error = (setpoint ?? 0) - measured
        integral = clamp(integral + error * dt)
        let derivative = lastMeasured.map { -(measured - $0) / dt } ?? 0
        lastMeasured = measured
        lastError = error
        lastDerivative = derivative
        let raw = kp * error + ki * integral + kd * derivative
        let output = clamp(raw)
        // Past a limit Python's `max`/`min` return the limit itself, so an int limit (the
        // thermostat's ±25) makes the reference's output `25`, not `25.0`.
        lastOutputJSON = raw < range.lowerBound ? limits.lower : raw > range.upperBound ? limits.upper : .double(output)
        return output
    }

    func clamp(_ value: Double) -> Double { min(max(value, range.lowerBound), range.upperBound) }

    /// The reference's `pid_log/<target>` record after an update, keys in its order.
    public func logRecord(jobName: String, targetName: String) -> JSONValue {
        .object(JSONObject([
            ("setpoint", setpoint.map(JSONValue.double) ?? .null),
            ("output_limits_lb", limits.lower), ("output_limits_ub", limits.upper),
            ("Kd", .double(kd)), ("Ki", .double(ki)), ("Kp", .double(kp)),
            ("integral", .double(ki * integral)),
            ("proportional", .double(kp * (lastError ?? 0))),
            ("derivative", .double(kd * lastDerivative)),
            ("latest_input", lastMeasured.map(JSONValue.double) ?? .null),
            ("latest_output", lastOutputJSON),
            ("job_name", .string(jobName)), ("target_name", .string(targetName)),
        ]))
    }
}

extension UnitBus {
    /// `pid_log/<target>` after an update: QoS 0, not retained, as the reference's PID sends it
    /// (the leader does not store it; it is there for tuning).
    func publishPIDLog(_ pid: PIDController, jobName: String, target: String) {
        publish("pid_log/\(target)", pid.logRecord(jobName: jobName, targetName: target).encoded(), qos: 0, retain: false)
    }
}
