import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The unit's two config files on disk, and the `/config` endpoints' logic (unit-api.md §3.8).
/// Every call looks at the files; parsing is skipped while they are unchanged.
public struct ConfigStore: Sendable {
    public let paths: UnitPaths
    private let cache = MergedConfigCache()

    public init(paths: UnitPaths) {
        self.paths = paths
    }

    static let missingSharedConfig = "config.ini is missing on this unit."

    /// The merged config from the files as they are now (500 `Failed to read merged config` on failure).
    public func merged() throws(UnitError) -> MergedConfig {
        let key = cache.key(shared: paths.globalConfig, unit: paths.unitConfig)
        if let config = cache.config(for: key) { return config }
        do {
            let config = try MergedConfig.build(sharedText: try sharedConfigText(), unitText: try Self.readText(paths.unitConfig))
            cache.store(config, for: key)
            return config
        } catch {
            throw Self.readFailure(error)
        }
    }

    /// `GET /config/merged`: every section with every value interpolated.
    public func mergedJSON() throws(UnitError) -> JSONValue {
        let key = cache.key(shared: paths.globalConfig, unit: paths.unitConfig)
        if let json = cache.json(for: key) { return json }
        let config = try merged()
        do {
            let json = try config.json()
            cache.store(config, json: json, for: key)
            return json
        } catch {
            throw Self.readFailure(error)
        }
    }

    /// `GET /config/specific`: the raw `unit_config.ini`, or "" when it is missing or unreadable.
    public func unitConfigText() -> String {
        (try? Self.readText(paths.unitConfig)) ?? ""
    }

    /// `POST|PATCH /config/specific`: normalise dashes, validate strictly, validate the merge with
    /// the on-disk `config.ini`, then atomically replace `unit_config.ini`. An invalid text
    /// leaves the file untouched.
    public func saveUnitConfig(code: String) throws(UnitError) {
        let normalized = Self.normalizeDashes(code)
        do {
            _ = try INIDocument(parsing: normalized, strict: true)
        } catch {
            throw Self.validationFailure(error)
        }

        let shared: String
        do {
            shared = try sharedConfigText()
        } catch {
            throw UnitError(
                500, "Failed to validate merged config", cause: error.description,
                remediation: Self.validationRemediation)
        }
        do {
            _ = try MergedConfig.build(sharedText: shared, unitText: normalized).json()
        } catch {
            throw Self.validationFailure(error)
        }

        do {
            try AtomicFile.write(Data(normalized.utf8), to: paths.unitConfig, permissions: existingPermissions(of: paths.unitConfig))
        } catch {
            throw UnitError(
                500, "Failed to write unit-specific config", cause: Self.pythonOSErrorText(error, path: paths.unitConfig),
                remediation: "Check filesystem permissions and retry.")
        }
    }

    /// Replaces en and em dashes with `-` (editors and phones insert them into values like `-1`).
    public static func normalizeDashes(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar == "\u{2013}" || scalar == "\u{2014}" ? "-" : scalar)
        }
        return String(scalars)
    }

    // MARK: - Errors

    static let validationRemediation = "Check shared and unit-specific configuration values, then retry."

    /// Maps a parse/merge error the way the reference's handler does, except that content errors
    /// the reference answers with 500 (interpolation, None references) are client errors: 400.
    static func validationFailure(_ error: ConfigError) -> UnitError {
        switch error.kind {
        case .duplicateSection(let section):
            return .badRequest("Duplicate section [\(section)] was found. Please fix and try again.")
        case .duplicateOption(let section, let option):
            return .badRequest("Duplicate option, `\(option)`, was found in section [\(section)]. Please fix and try again.")
        case .syntax:
            return .badRequest("Incorrect syntax. Please fix and try again.")
        case .noSection, .noOption:
            return .badRequest("Missing required field(s): \(error.message)")
        case .value:
            return .badRequest(error.message)
        case .interpolation, .type:
            return .badRequest("Failed to validate merged config", cause: error.message, remediation: validationRemediation)
        }
    }

    static func readFailure(_ error: any Error) -> UnitError {
        let cause = (error as? ConfigError)?.message ?? (error as? ConfigFileError)?.description ?? "\(error)"
        return UnitError(
            500, "Failed to read merged config", cause: cause,
            remediation: "Check config.ini and unit_config.ini on this unit, then retry.")
    }

    // MARK: - Files

    /// The reference overwrites in place, so the file keeps its mode; a new file is group-writable like DP.
    private func existingPermissions(of url: URL) -> mode_t {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes?[.posixPermissions] as? NSNumber).map { mode_t($0.uint16Value) } ?? 0o664
    }

    /// `config.ini`'s text; missing or blank is an error, as in the reference.
    private func sharedConfigText() throws(ConfigFileError) -> String {
        let text = try Self.readText(paths.globalConfig)
        if PythonText.isBlank(text) { throw ConfigFileError(description: Self.missingSharedConfig) }
        return text
    }

    /// Python `Path.read_text()` after an `exists()` check: "" when absent, universal newlines.
    static func readText(_ url: URL) throws(ConfigFileError) -> String {
        guard FileManager.default.fileExists(atPath: url.path) else { return "" }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigFileError(description: pythonOSErrorText(error, path: url))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigFileError(description: "'utf-8' codec can't decode \(url.lastPathComponent)")
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Python's `OSError` text, `[Errno N] <strerror>: '<path>'`, when the errno is known.
    static func pythonOSErrorText(_ error: any Error, path: URL) -> String {
        var code: Int32?
        if let failure = error as? POSIXFailure {
            code = failure.code
        } else {
            let nsError = error as NSError
            if nsError.domain == NSPOSIXErrorDomain {
                code = Int32(nsError.code)
            } else if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
                underlying.domain == NSPOSIXErrorDomain
            {
                code = Int32(underlying.code)
            }
        }
        guard let code else { return "\(error)" }
        return "[Errno \(code)] \(String(cString: strerror(code))): \(PythonText.repr(path.path))"
    }
}

/// A config file that exists but cannot be read, or a missing/blank `config.ini`.
struct ConfigFileError: Error, CustomStringConvertible {
    let description: String
}
