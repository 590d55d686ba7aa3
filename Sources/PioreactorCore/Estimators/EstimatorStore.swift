import Foundation
import Logging

/// Estimators found under `EST`, grouped by device, plus the files that failed to decode.
public struct EstimatorListing: Sendable {
    public var devices: [(device: String, estimators: [DecodedEstimator])]
    /// `Error reading <stem>: <reason>` for each skipped file.
    public var warnings: [String]
}

/// Estimator files `EST/<device>/<name>.yaml` (unit-api.md §3.7). Never touches anything outside EST.
public struct EstimatorStore: Sendable {
    public let root: URL
    private let logger: Logger?
    /// Decoded files by stamp, shared by every copy of this store (as for calibrations).
    private let decodedFiles: DecodedFileCache<DecodedEstimator>

    public init(paths: UnitPaths, logger: Logger? = nil, cache: DecodedFileCache<DecodedEstimator> = DecodedFileCache()) {
        self.root = paths.estimators
        self.logger = logger
        self.decodedFiles = cache
    }

    /// Every decodable `EST/*/*.yaml`, sorted. Missing EST → empty.
    public func listAll() -> EstimatorListing {
        var listing = EstimatorListing(devices: [], warnings: [])
        let rootPath = root.path
        for device in StorageSegments.deviceDirectories(in: root) {
            let (estimators, warnings) = decodeAll(inPath: rootPath + "/" + device)
            listing.warnings += warnings
            if !estimators.isEmpty { listing.devices.append((device, estimators)) }
        }
        return listing
    }

    /// Decodable `EST/<device>/*.yaml`, sorted. Missing (or unsafe) device → empty.
    public func list(device: String) -> (estimators: [DecodedEstimator], warnings: [String]) {
        guard StorageSegments.isSafe(device) else { return ([], []) }
        return decodeAll(inPath: root.path + "/" + device)
    }

    /// Whether the file exists (`/active_estimators` skips missing ones silently).
    public func exists(device: String, name: String) -> Bool {
        guard let file = fileURL(device: device, name: name) else { return false }
        return FileManager.default.fileExists(atPath: file.path)
    }

    /// One estimator by file name. Missing → 404; undecodable → 500.
    public func get(device: String, name: String) throws(UnitError) -> DecodedEstimator {
        guard let file = fileURL(device: device, name: name), FileManager.default.fileExists(atPath: file.path) else {
            throw EstimatorErrors.notFound(device: device, name: name)
        }
        do {
            return try decode(file)
        } catch {
            logger?.error("Error reading \(StorageSegments.stem(file)): \(error)")
            throw EstimatorErrors.unreadable
        }
    }

    /// Deletes `EST/<device>/<name>.yaml`. Missing → 404; unlink failure → 500.
    /// (Clearing the active entry is the caller's job.)
    public func delete(device: String, name: String) throws(UnitError) {
        guard let file = fileURL(device: device, name: name), FileManager.default.fileExists(atPath: file.path) else {
            throw EstimatorErrors.notFound(device: device, name: name)
        }
        guard unlink(file.path) == 0 else {
            logger?.error("Error deleting estimator: \(POSIXFailure(operation: "unlink \(file.path)", code: errno))")
            throw EstimatorErrors.deleteFailed
        }
    }

    /// The file a (device, name) pair maps to, or nil when either segment could escape EST.
    public func fileURL(device: String, name: String) -> URL? {
        guard StorageSegments.isSafe(device), StorageSegments.isSafe(name + ".yaml") else { return nil }
        return root.appendingPathComponent(device).appendingPathComponent("\(name).yaml")
    }

    private func decodeAll(inPath directory: String) -> ([DecodedEstimator], [String]) {
        StorageSegments.decodeAll(inPath: directory, cache: decodedFiles, logger: logger, decode: EstimatorDecoder.decode(data:))
    }

    private func decode(_ file: URL) throws -> DecodedEstimator {
        try decodedFiles.value(of: file, decode: EstimatorDecoder.decode(data:))
    }
}
