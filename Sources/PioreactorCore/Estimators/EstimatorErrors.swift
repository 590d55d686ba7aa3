/// The exact client-visible errors of unit-api.md §3.7.
public enum EstimatorErrors {
    public static func notFound(device: String, name: String) -> UnitError {
        UnitError(404, "Estimator '\(name)' not found for device '\(device)'.",
                  cause: "Estimator file is missing from disk.",
                  remediation: "List available estimators for this device and retry.")
    }

    public static let unreadable = UnitError(
        500, "Failed to read estimator file.",
        cause: "Unable to parse estimator YAML.",
        remediation: "Check estimator file contents or re-upload the estimator.")

    public static let deleteFailed = UnitError(
        500, "Failed to delete estimator.",
        cause: "Unable to delete estimator file.",
        remediation: "Check file permissions and server logs.")
}
