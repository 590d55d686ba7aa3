import Foundation
import PioreactorCore

/// Who runs a job and for which experiment, from the process environment (jobs.md §1).
public struct JobEnvironment: Sendable, Equatable {
    public let unit: String
    public let experiment: String
    public let jobSource: String
    public let testing: Bool
    /// Simulated seconds per wall second (PIO_SIM_SPEEDUP, default 1).
    public let speedup: Double

    /// Experiment: `$experiment` for long-running jobs (the reference's monitor ignores any
    /// assignment), else EXPERIMENT, else `_testing_experiment` when TESTING=1; otherwise there is
    /// no leader to ask, so it is an error.
    public static func resolve(_ env: [String: String], longRunning: Bool) throws -> JobEnvironment {
        let identity = UnitIdentity.resolve(env)
        let experiment: String
        if longRunning {
            experiment = "$experiment"
        } else if let value = env["EXPERIMENT"], !value.isEmpty {
            experiment = value
        } else if identity.testing {
            experiment = "_testing_experiment"
        } else {
            throw JobFailure("No experiment assigned: set EXPERIMENT (or TESTING=1) in the environment.")
        }
        let source = env["JOB_SOURCE"].flatMap { $0.isEmpty ? nil : $0 } ?? "user"
        let speedup = env["PIO_SIM_SPEEDUP"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 1
        return JobEnvironment(unit: identity.name, experiment: experiment, jobSource: source, testing: identity.testing, speedup: speedup)
    }
}

/// A job-level failure with a message for the log and a non-zero exit.
public struct JobFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
