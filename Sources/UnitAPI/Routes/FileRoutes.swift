import Foundation
import Hummingbird
import PioreactorCore

/// Browsing DOT_PIOREACTOR and exporting it as a zip (spec §3.11).
enum FileRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        @Sendable func browse(_ requestPath: String, _ request: Request) throws -> Response {
            try FlagFiles.requireBrowsingAllowed(services.paths)
            switch try services.files.browse(requestPath: requestPath) {
            case .directory(let listing):
                return APIResponse.json(.object(listing), maxAge: 5)
            case .file(let url):
                return try FileResponse.make(url, request: request, contentType: "text/plain; charset=utf-8")
            }
        }

        routes.get("/system/path/") { request, _ in
            try browse("", request)
        }
        routes.get("/system/path/**") { request, context in
            let raw = context.parameters.getCatchAll().joined(separator: "/")
            return try browse(raw.removingPercentEncoding ?? raw, request)
        }

        routes.get("/zipped_dot_pioreactor") { request, _ in
            try FlagFiles.requireExportAllowed(services.paths)
            let archive = FileManager.default.temporaryDirectory.appendingPathComponent("dot_pioreactor_export_\(UUID().uuidString).zip")
            let leader = services.leaderHostname
            let summary = try await BlockingWork.run {
                try DotPioreactorArchive.export(
                    to: archive, paths: services.paths, unitName: services.unitName, leaderHostname: leader,
                    isLeader: leader == services.unitName, appVersion: PioreactorVersion.app, exportedAt: Date()
                )
            }
            for skipped in summary.skipped { services.logger.error("export skipped \(skipped)") }
            return try FileResponse.make(
                archive, request: request, contentType: "application/zip",
                attachmentName: "\(services.unitName)_dot_pioreactor.zip", unlinkAfterOpen: true
            )
        }
    }
}
