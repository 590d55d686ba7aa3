import Foundation
import Hummingbird
import PioreactorCore

/// Installed plugins and their source files (spec §3.10, read side).
enum PluginRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        routes.get("/plugins/installed") { _, _ in
            let skip = ProcessInfo.processInfo.environment["SKIP_PLUGINS"].map { !$0.isEmpty } ?? false
            return APIResponse.json(services.plugins.installed(skipPlugins: skip), maxAge: 5)
        }

        routes.get("/plugins/installed/:filename") { _, context in
            let data = try services.plugins.pluginFile(filename: try context.parameters.decoded("filename"))
            var response = APIResponse.text("", maxAge: 5)
            response.body = .init(byteBuffer: ByteBuffer(bytes: data))
            return response
        }
    }
}
