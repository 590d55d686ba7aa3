import Hummingbird
import PioreactorCore
import PioreactorTasks

/// Installing and uninstalling plugins (spec §3.10, write side).
enum PluginInstallRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let system = services.systemTasks

        routes.postOrPatch("/plugins/install") { request, _ in
            try FlagFiles.requireInstallsAllowed(services.paths)
            let body = try ArgsOptionsEnvs.decode(try await RequestBody.json(request))
            let name = try PluginRequestValidation.installName(args: body.args)
            let source = try PluginRequestValidation.source(body.options["source"])
            return APIResponse.accepted(unit: services.unitName, taskID: try await services.tasks.submit(.installPlugin) {
                try await system.installPlugin(name: name, source: source)
            })
        }

        // Not blocked by DISALLOW_UI_INSTALLS, as in the reference.
        routes.postOrPatch("/plugins/uninstall") { request, _ in
            let body = try ArgsOptionsEnvs.decode(try await RequestBody.json(request))
            let name = try PluginRequestValidation.uninstallName(args: body.args)
            return APIResponse.accepted(unit: services.unitName, taskID: try await services.tasks.submit(.uninstallPlugin) {
                try await system.uninstallPlugin(name: name)
            })
        }
    }
}
