import Foundation

/// The DOT_PIOREACTOR backup zip (storage.md §10): export, upload validation, and the import task.
public enum DotPioreactorArchive {
    /// The one file the export leaves out.
    static let skippedBackupMember = "storage/pioreactor.sqlite.backup"
}

/// What an export did besides writing members.
public struct ExportSummary: Sendable, Equatable {
    /// Relative paths that could not be added (the reference logs and skips them).
    public var skipped: [String] = []
    /// `*.sqlite` members written from a backup-API snapshot rather than the live file.
    public var snapshotted: [String] = []
    /// Live `-wal`/`-shm` files left out because their database was snapshotted.
    public var omittedSidecars: [String] = []

    public init() {}
}

/// The import task failed; `message` is the reference's RuntimeError text.
public struct DotPioreactorImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let detail: String
    public var description: String { detail.isEmpty ? message : "\(message): \(detail)" }

    public static let backupFailed = "Failed to backup existing DOT_PIOREACTOR"
    public static let writeFailed = "Failed to write new DOT_PIOREACTOR contents"
    public static let extractionFailed = "Failed to extract uploaded archive"
}

/// What a successful import did.
public struct ImportSummary: Sendable, Equatable {
    /// Where the previous DP contents now live (never deleted, as in the reference).
    public var backupDirectory: URL
    /// Problems worth logging at ERROR that did not fail the import (e.g. `ui` missing everywhere).
    public var warnings: [String]
}
