import Hummingbird
import PioreactorCore
import PioreactorTasks

/// Restoring DOT_PIOREACTOR from an exported zip (spec §3.11, storage.md §10).
enum ImportRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        routes.on(.post, path: "/import_zipped_dot_pioreactor") { request, _ in
            services.logger.info("Starting import of zipped DOT_PIOREACTOR archive")
            if services.identity.testing {
                // The reference's bare Response(status=202): empty body, Flask's default content type.
                return Response(status: .accepted, headers: [.contentType: "text/html; charset=utf-8"])
            }
            do {
                try FlagFiles.requireImportAllowed(services.paths)
            } catch {
                services.logger.error("Import blocked because \(services.paths.flag(FlagFiles.disallowFileSystem).path) is present")
                throw error
            }
            let lock = TaskLockName.importDotPioreactor
            if await services.tasks.isLocked(lock) { return APIResponse.inProgress(lock: lock) }
            guard let upload = try await MultipartFileUpload.save(
                field: "archive", from: request, limit: services.importUploadLimit, directory: services.importScratchDirectory)
            else {
                services.logger.error("No archive uploaded in import request")
                throw DotPioreactorArchive.noArchiveUploaded
            }
            return APIResponse.submitted(try await services.dotPioreactorImport.submit(upload: upload), unit: services.unitName)
        }
    }
}
