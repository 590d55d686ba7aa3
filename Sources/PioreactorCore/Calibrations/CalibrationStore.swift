import Foundation
import Logging
import ZIPFoundation

/// Calibrations found under `CAL`, grouped by device, plus the files that failed to decode.
public struct CalibrationListing: Sendable {
    /// Devices in path order; a device with no decodable file is absent.
    public var devices: [(device: String, calibrations: [DecodedCalibration])]
    /// `Error reading <stem>: <reason>` for each skipped file (the reference logs these).
    public var warnings: [String]
}

/// Calibration files `CAL/<device>/<name>.yaml` (unit-api.md §3.6). Never touches anything outside CAL.
public struct CalibrationStore: Sendable {
    public let root: URL
    private let logger: Logger?
    /// Decoded files by stamp, shared by every copy of this store (listings re-read only what changed).
    private let decodedFiles: DecodedFileCache<DecodedCalibration>

    public init(paths: UnitPaths, logger: Logger? = nil, cache: DecodedFileCache<DecodedCalibration> = DecodedFileCache()) {
        self.root = paths.calibrations
        self.logger = logger
        self.decodedFiles = cache
    }

    /// Every decodable `CAL/*/*.yaml`, sorted by path. Missing CAL → 404 missing-directory.
    public func listAll() throws(UnitError) -> CalibrationListing {
        guard FileManager.default.fileExists(atPath: root.path) else { throw CalibrationErrors.missingDirectory }
        var listing = CalibrationListing(devices: [], warnings: [])
        let rootPath = root.path
        for device in StorageSegments.deviceDirectories(in: root) {
            let (calibrations, warnings) = decodeAll(inPath: rootPath + "/" + device)
            listing.warnings += warnings
            if !calibrations.isEmpty { listing.devices.append((device, calibrations)) }
        }
        return listing
    }

    /// Decodable `CAL/<device>/*.yaml`, sorted; bad files go to `warnings`. Missing dir → 404.
    public func list(device: String) throws(UnitError) -> (calibrations: [DecodedCalibration], warnings: [String]) {
        guard StorageSegments.isSafe(device) else { throw CalibrationErrors.missingDirectory }
        let directory = root.appendingPathComponent(device)
        guard FileManager.default.fileExists(atPath: directory.path) else { throw CalibrationErrors.missingDirectory }
        return decodeAll(inPath: directory.path)
    }

    /// One calibration by file name. Missing → 404 "Calibration file does not exist."; undecodable → 500.
    public func get(device: String, name: String) throws(UnitError) -> DecodedCalibration {
        guard let file = fileURL(device: device, name: name), FileManager.default.fileExists(atPath: file.path) else {
            throw CalibrationErrors.fileMissing(device: device, name: name)
        }
        do {
            return try decode(file)
        } catch {
            logger?.error("Error reading \(StorageSegments.stem(file)): \(error)")
            throw CalibrationErrors.unreadable
        }
    }

    /// Validates and stores uploaded YAML verbatim at `CAL/<device>/<calibration_name>.yaml`
    /// (POST steps 2–5), creating the device folder. Returns the absolute path and the name.
    public func save(device: String, yaml: String) throws(UnitError) -> (path: String, calibrationName: String) {
        let decoded: DecodedCalibration
        do {
            decoded = try CalibrationDecoder.decode(yaml: yaml)
        } catch {
            throw CalibrationErrors.invalidYAML(error.message)
        }
        guard UnixFilename.isValid(decoded.name) else { throw CalibrationErrors.invalidName }
        guard UnixFilename.isValid(device) else { throw CalibrationErrors.invalidDevice }
        let directory = root.appendingPathComponent(device)
        let file = directory.appendingPathComponent("\(decoded.name).yaml")
        let createsDirectory = !FileManager.default.fileExists(atPath: directory.path)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try AtomicFile.write(Data(yaml.utf8), to: file)
        } catch {
            // A failed create leaves no trace: not even the (empty) device folder it made.
            if createsDirectory { rmdir(directory.path) }
            logger?.error("Error creating calibration: \(error)")
            throw CalibrationErrors.createFailed
        }
        return (file.path, decoded.name)
    }

    /// Deletes `CAL/<device>/<name>.yaml`. Missing → 404; unlink failure → 500.
    /// (Clearing the active entry is the caller's job: it owns the active-calibrations cache.)
    public func delete(device: String, name: String) throws(UnitError) {
        guard let file = fileURL(device: device, name: name), FileManager.default.fileExists(atPath: file.path) else {
            throw CalibrationErrors.notFoundForDelete(device: device, name: name)
        }
        guard unlink(file.path) == 0 else {
            logger?.error("Error deleting calibration: \(POSIXFailure(operation: "unlink \(file.path)", code: errno))")
            throw CalibrationErrors.deleteFailed
        }
    }

    /// A deflate zip of every `*.yaml` under CAL (recursive, sorted), named relative to CAL,
    /// with no directory entries. Missing CAL → 404.
    public func zipData() throws(UnitError) -> Data {
        guard FileManager.default.fileExists(atPath: root.path) else { throw CalibrationErrors.missingDirectory }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for relative in yamlFilesRecursively() {
                let file = root.appendingPathComponent(relative)
                let contents = try Data(contentsOf: file)
                let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
                let modified = attributes[.modificationDate] as? Date ?? Date()
                let permissions = (attributes[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o644
                try archive.addEntry(
                    with: relative, type: .file, uncompressedSize: Int64(contents.count),
                    modificationDate: modified, permissions: permissions, compressionMethod: .deflate
                ) { position, size in
                    contents.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw CalibrationErrors.missingDirectory }
            return data
        } catch let error as UnitError {
            throw error
        } catch {
            logger?.error("Error zipping calibrations: \(error)")
            throw UnitError(500, "Failed to create calibrations zip.", cause: "\(error)")
        }
    }

    /// The file a (device, name) pair maps to, or nil when either segment could escape CAL.
    public func fileURL(device: String, name: String) -> URL? {
        guard StorageSegments.isSafe(device), StorageSegments.isSafe(name + ".yaml") else { return nil }
        return root.appendingPathComponent(device).appendingPathComponent("\(name).yaml")
    }

    private func decode(_ file: URL) throws -> DecodedCalibration {
        try decodedFiles.value(of: file, decode: CalibrationDecoder.decode(data:))
    }

    private func decodeAll(inPath directory: String) -> ([DecodedCalibration], [String]) {
        StorageSegments.decodeAll(inPath: directory, cache: decodedFiles, logger: logger, decode: CalibrationDecoder.decode(data:))
    }

    /// `rglob("*.yaml")` files relative to CAL, sorted component-wise like pathlib.
    private func yamlFilesRecursively() -> [String] {
        var found: [[String]] = []
        func walk(_ directory: URL, _ prefix: [String]) {
            for name in StorageSegments.sortedEntries(of: directory) {
                let url = directory.appendingPathComponent(name)
                let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
                if StorageSegments.isDirectory(url) {
                    // pathlib's rglob does not descend into symlinked folders.
                    if !isLink { walk(url, prefix + [name]) }
                } else if name.hasSuffix(".yaml") {
                    found.append(prefix + [name])
                }
            }
        }
        walk(root, [])
        found.sort { lhs, rhs in
            for (a, b) in zip(lhs, rhs) where a != b { return StorageSegments.pythonLess(a, b) }
            return lhs.count < rhs.count
        }
        return found.map { $0.joined(separator: "/") }
    }
}
