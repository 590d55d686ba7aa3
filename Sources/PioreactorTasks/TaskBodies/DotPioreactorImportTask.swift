import Foundation
import Logging
import PioreactorCore

/// `POST /import_zipped_dot_pioreactor` after the upload is saved (spec §3.11, storage.md §10):
/// validation, the `import_dot_pioreactor_archive` task, then a reboot 2 s later.
/// It only ever writes into `paths.dotPioreactor`, this unit's own DOT_PIOREACTOR.
public struct DotPioreactorImportTask: Sendable {
    public let paths: UnitPaths
    public let unitName: String
    public let systemTasks: SystemTasks
    public let queue: TaskQueue
    /// Where the previous DP contents are moved (`$TMPDIR`).
    public let backupRoot: URL
    private let logger: Logger

    public init(
        paths: UnitPaths, unitName: String, systemTasks: SystemTasks, queue: TaskQueue,
        backupRoot: URL = FileManager.default.temporaryDirectory,
        logger: Logger = Logger(label: "pioreactor.tasks.import")
    ) {
        self.paths = paths
        self.unitName = unitName
        self.systemTasks = systemTasks
        self.queue = queue
        self.backupRoot = backupRoot
        self.logger = logger
    }

    /// Validates the saved upload and enqueues the import unless the import lock is held.
    /// The upload is deleted on every refusal (validation 400s, `in_progress`, enqueue failure).
    public func submit(upload: URL) async throws -> TaskQueue.Submission {
        do {
            let metadata = try DotPioreactorArchive.validateImport(archive: upload, unitName: unitName)
            if metadata == nil {
                logger.debug("Archive missing metadata file, assuming legacy export without host validation")
            }
            let submission = try await queue.submitUnlessLocked(TaskLockName.importDotPioreactor, .importDotPioreactor) {
                try await run(archive: upload)
            }
            if case .inProgress = submission { try? FileManager.default.removeItem(at: upload) }
            return submission
        } catch let failure as UnitError {
            logger.error("Zip validation failed: \(failure.error)")
            try? FileManager.default.removeItem(at: upload)
            throw failure
        } catch {
            logger.error("Failed to enqueue import task: \(error)")
            try? FileManager.default.removeItem(at: upload)
            throw UnitError.serverError(
                "Failed to enqueue import task", cause: "Unexpected error while enqueueing the import task.",
                remediation: "Check server logs and retry.")
        }
    }

    /// The task body: replace DP with the archive (backup kept under `backupRoot`), then
    /// enqueue `reboot` after 2 s; `true`. Failures keep the reference's messages.
    func run(archive: URL) async throws -> JSONValue {
        let summary: ImportSummary
        do {
            summary = try DotPioreactorArchive.importArchive(
                archive: archive, paths: paths, unitName: unitName, backupRoot: backupRoot)
        } catch let failure as DotPioreactorImportError {
            logger.error("\(failure)")
            try? FileManager.default.removeItem(at: archive)
            throw TaskFailure(failure.message)
        } catch {
            logger.error("Import failed: \(error)")
            try? FileManager.default.removeItem(at: archive)
            throw error
        }
        for warning in summary.warnings { logger.error("\(warning)") }
        logger.debug("Backup completed at \(summary.backupDirectory.path)")
        let systemTasks = systemTasks
        try await queue.submit(.reboot) { try await systemTasks.reboot(wait: .seconds(2)) }
        logger.info("Import finished successfully.")
        return true
    }
}
