import Foundation
import ZIPFoundation

extension DotPioreactorArchive {
    /// Upload checks for `POST /import_zipped_dot_pioreactor`, in the reference's order; returns the
    /// metadata object, or nil for a legacy export without one. Throws the spec's exact 400s.
    @discardableResult
    public static func validateImport(archive: URL, unitName: String) throws(UnitError) -> JSONObject? {
        let directory: ZipCentralDirectory
        do {
            directory = try ZipCentralDirectory(contentsOf: archive)
        } catch {
            throw notAZip
        }
        try checkMembers(directory.members)

        let metadataName = Array(ExportMetadata.memberName.utf8)
        guard let metadataIndex = directory.members.lastIndex(where: { $0.nameBytes == metadataName }) else {
            return nil
        }
        let bytes = try readMember(ExportMetadata.memberName, index: metadataIndex, of: directory, in: archive)
        // Strict UTF-8 like bytes.decode("utf-8"): invalid input would come back with U+FFFD.
        guard String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes),
              let parsed = try? JSONValue.parse(bytes) else {
            throw validationFailed("Archive metadata invalid")
        }
        // The reference crashes (500) on non-object metadata; it is the client's archive that is wrong.
        guard case .object(let metadata) = parsed else { throw validationFailed("Archive metadata invalid") }
        if let name = metadata["name"], name.isTruthy, name != .string(unitName) {
            throw validationFailed("Archive prepared for \(pythonStr(name)), cannot import into \(unitName)")
        }
        return metadata
    }

    /// zipfile's member checks: absolute names, `..` segments, Unix symlink modes.
    static func checkMembers(_ members: [ZipCentralDirectory.Member]) throws(UnitError) {
        for member in members {
            if member.nameBytes.first == UInt8(ascii: "/") {
                throw validationFailed("Archive contains absolute paths, aborting import.")
            }
            if member.nameBytes.split(separator: UInt8(ascii: "/")).contains(where: { $0.elementsEqual("..".utf8) }) {
                throw validationFailed("Archive contains path traversal, aborting import.")
            }
            if (member.externalAttributes >> 16) & 0o120000 == 0o120000 {
                throw validationFailed("Archive contains symbolic links, aborting import.")
            }
        }
    }

    /// Reads one member with CRC check; a member Python could find but we cannot read counts as a bad zip.
    private static func readMember(
        _ name: String, index: Int, of directory: ZipCentralDirectory, in url: URL
    ) throws(UnitError) -> Data {
        do {
            let archive = try Archive(url: url, accessMode: .read)
            let entries = Array(archive)
            let entry = entries.count == directory.members.count
                ? entries[index]
                : entries.last(where: { $0.path == name })
            guard let entry else { throw notAZip }
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            return data
        } catch {
            throw notAZip
        }
    }

    /// Python's `str()` of a JSON value, for the host-mismatch message.
    static func pythonStr(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        default: return pythonRepr(value)
        }
    }

    private static func pythonRepr(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number): return JSONValue.pythonFloatRepr(number).replacingOccurrences(of: "NaN", with: "nan")
            .replacingOccurrences(of: "Infinity", with: "inf")
        case .string(let text):
            return "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .array(let items): return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.entries.map { pythonRepr(.string($0.key)) + ": " + pythonRepr($0.value) }
                .joined(separator: ", ") + "}"
        }
    }

    // MARK: - Errors (exact spec texts)

    /// 400 for an upload that does not open as a zip.
    public static var notAZip: UnitError {
        .badRequest(
            "Uploaded file is not a valid zip archive",
            cause: "Archive could not be read as a zip file.",
            remediation: "Upload a valid .zip file."
        )
    }

    /// 400 for a zip that opened but failed a content check.
    public static func validationFailed(_ message: String) -> UnitError {
        .badRequest(
            message,
            cause: "Zip archive failed validation.",
            remediation: "Ensure the archive is a valid Pioreactor export and retry."
        )
    }

    /// 400 when the multipart form has no `archive` file (or an empty filename).
    public static var noArchiveUploaded: UnitError {
        .badRequest(
            "No archive uploaded",
            cause: "Missing 'archive' file in multipart form-data.",
            remediation: "Upload a zip file using the 'archive' field."
        )
    }

    /// 500 for an unexpected failure while inspecting the upload.
    public static var inspectionFailed: UnitError {
        .serverError(
            "Failed to inspect uploaded archive",
            cause: "Unexpected error while inspecting the uploaded archive.",
            remediation: "Check server logs and retry with a fresh export."
        )
    }
}
