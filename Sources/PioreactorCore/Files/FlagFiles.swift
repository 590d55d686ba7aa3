import Foundation

/// The `$DOT_PIOREACTOR` flag files that switch off parts of the API (unit-api.md §1.7),
/// and the exact 403 each blocked endpoint answers with.
public enum FlagFiles {
    public static let disallowFileSystem = "DISALLOW_UI_FILE_SYSTEM"
    public static let disallowInstalls = "DISALLOW_UI_INSTALLS"

    /// True when the flag exists as a file (the reference uses `isfile`, so a directory of that name does not count).
    public static func isPresent(_ name: String, in paths: UnitPaths) -> Bool {
        FileStatus.of(paths.flag(name).path, followingSymlinks: true)?.kind == .regular
    }

    /// Throws the browse 403 when `DISALLOW_UI_FILE_SYSTEM` is present.
    public static func requireBrowsingAllowed(_ paths: UnitPaths) throws(UnitError) {
        if isPresent(disallowFileSystem, in: paths) { throw browseBlocked }
    }

    /// Throws the remove_file 403 when `DISALLOW_UI_FILE_SYSTEM` is present.
    public static func requireRemovalAllowed(_ paths: UnitPaths) throws(UnitError) {
        if isPresent(disallowFileSystem, in: paths) { throw removeFileBlocked }
    }

    /// Throws the zipped_dot_pioreactor 403 when `DISALLOW_UI_FILE_SYSTEM` is present.
    public static func requireExportAllowed(_ paths: UnitPaths) throws(UnitError) {
        if isPresent(disallowFileSystem, in: paths) { throw exportBlocked }
    }

    /// Throws the import 403 when `DISALLOW_UI_FILE_SYSTEM` is present.
    public static func requireImportAllowed(_ paths: UnitPaths) throws(UnitError) {
        if isPresent(disallowFileSystem, in: paths) { throw importBlocked }
    }

    /// Throws the plugins/install 403 when `DISALLOW_UI_INSTALLS` is present (uninstall is not blocked).
    public static func requireInstallsAllowed(_ paths: UnitPaths) throws(UnitError) {
        if isPresent(disallowInstalls, in: paths) { throw installBlocked }
    }

    /// `GET /system/path/…`
    public static var browseBlocked: UnitError {
        .forbidden(
            "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system browsing is disabled on this unit.",
            remediation: "Remove DISALLOW_UI_FILE_SYSTEM or browse locally via SSH."
        )
    }

    /// `POST|PATCH /system/remove_file` (the caller also logs `Delete blocked because <flag path> is present`).
    public static var removeFileBlocked: UnitError {
        .forbidden(
            "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system operations are disabled on this unit.",
            remediation: "Remove DISALLOW_UI_FILE_SYSTEM or run the action locally via SSH."
        )
    }

    /// `GET /zipped_dot_pioreactor`
    public static var exportBlocked: UnitError {
        .forbidden(
            "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system access is disabled on this unit.",
            remediation: "Remove DISALLOW_UI_FILE_SYSTEM or export files locally via SSH."
        )
    }

    /// `POST /import_zipped_dot_pioreactor` (not checked in testing mode; the caller logs `Import blocked because …`).
    public static var importBlocked: UnitError {
        .forbidden(
            "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system operations are disabled on this unit.",
            remediation: "Remove DISALLOW_UI_FILE_SYSTEM or run the import locally via SSH."
        )
    }

    /// `POST|PATCH /plugins/install`
    public static var installBlocked: UnitError {
        .forbidden(
            "DISALLOW_UI_INSTALLS is present",
            cause: "Plugin installs are disabled on this unit.",
            remediation: "Remove DISALLOW_UI_INSTALLS or install via SSH."
        )
    }
}
