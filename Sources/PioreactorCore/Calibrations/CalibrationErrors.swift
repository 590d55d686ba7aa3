/// The exact client-visible errors of unit-api.md §3.6.
public enum CalibrationErrors {
    public static let missingDirectory = UnitError(
        404, "Calibration directory does not exist.",
        cause: "Calibration storage directory is missing on disk.",
        remediation: "Create the calibration directory or restore from backup.")

    public static func fileMissing(device: String, name: String) -> UnitError {
        UnitError(404, "Calibration file does not exist.",
                  cause: "Calibration '\(name)' missing for device '\(device)'.",
                  remediation: "List available calibrations for the device and retry.")
    }

    public static let unreadable = UnitError(
        500, "Failed to read calibration file.",
        cause: "Unable to parse calibration YAML.",
        remediation: "Check calibration file contents or re-upload the calibration.")

    public static func notFoundForDelete(device: String, name: String) -> UnitError {
        UnitError(404, "Calibration '\(name)' not found for device '\(device)'.",
                  cause: "Calibration file is missing from disk.",
                  remediation: "List available calibrations for this device and retry.")
    }

    public static let deleteFailed = UnitError(
        500, "Failed to delete calibration.",
        cause: "Unable to delete calibration file.",
        remediation: "Check file permissions and server logs.")

    public static let invalidName = UnitError(
        400, "Missing or invalid 'calibration_name'.",
        cause: "Calibration name missing or contains invalid characters.",
        remediation: "Provide a valid calibration_name using letters, digits, dashes, or underscores.")

    public static let invalidDevice = UnitError(
        400, "Missing or invalid 'device'.",
        cause: "Device name missing or contains invalid characters.",
        remediation: "Provide a valid device name (letters, digits, dashes, or underscores).")

    public static let createFailed = UnitError(
        500, "Failed to create calibration.",
        cause: "Unable to save calibration file.",
        remediation: "Check file permissions and server logs.")

    /// Our 400 for YAML/schema errors (the reference answers 500 here; see the spec's Note).
    /// Keeps the reference's `error` text, with the decoder message as `cause`.
    public static func invalidYAML(_ message: String) -> UnitError {
        UnitError(400, "Failed to create calibration.", cause: message,
                  remediation: "Check the calibration YAML and retry.")
    }
}
