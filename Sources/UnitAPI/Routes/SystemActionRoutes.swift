import Foundation
import Hummingbird
import PioreactorCore
import PioreactorTasks

/// The system endpoints that enqueue a task (spec §3.11 remove_file, §3.12).
enum SystemActionRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let tasks = services.tasks
        let system = services.systemTasks
        @Sendable func accepted(_ submission: TaskQueue.Submission) -> Response {
            APIResponse.submitted(submission, unit: services.unitName)
        }

        routes.postOrPatch("/system/reboot") { _, _ in
            if await tasks.isLocked(TaskLockName.power) { return APIResponse.inProgress(lock: TaskLockName.power) }
            // The leader answers late so other in-flight requests can finish first.
            if services.isLeader && services.leaderRebootDelay > .zero { try await Task.sleep(for: services.leaderRebootDelay) }
            return accepted(try await tasks.submitUnlessLocked(TaskLockName.power, .reboot) { try await system.reboot() })
        }

        routes.postOrPatch("/system/shutdown") { _, _ in
            accepted(try await tasks.submitUnlessLocked(TaskLockName.power, .shutdown) { try await system.shutdown() })
        }

        @Sendable func update(_ request: Request, target: String) async throws -> Response {
            // The lock pre-check comes before target validation, as in the reference.
            if await tasks.isLocked(TaskLockName.update) { return APIResponse.inProgress(lock: TaskLockName.update) }
            guard target == "app" else { throw UnitError.notFound("Invalid target") }
            let body = try ArgsOptionsEnvs.decode(try await RequestBody.json(request))
            let cli = body.args + body.renderedOptions()
            return accepted(try await tasks.submitUnlessLocked(TaskLockName.update, .updateApp) { try await system.updateApp(cli: cli) })
        }
        routes.postOrPatch("/system/update") { request, _ in try await update(request, target: "app") }
        routes.postOrPatch("/system/update/:target") { request, context in
            try await update(request, target: try context.parameters.decoded("target"))
        }

        routes.postOrPatch("/system/utc_clock") { request, _ in
            if await tasks.isLocked(TaskLockName.clock) { return APIResponse.inProgress(lock: TaskLockName.clock) }
            guard services.isLeader else {
                // Workers ignore the body and sync to the leader.
                return accepted(try await tasks.submitUnlessLocked(TaskLockName.clock, .syncClock) { try await system.syncClock() })
            }
            let value = try validateClockBody(try await RequestBody.lenientValue(request))
            return accepted(try await tasks.submitUnlessLocked(TaskLockName.clock, .updateClock) { try await system.setClock(value) })
        }

        routes.postOrPatch("/system/web_server/restart") { _, _ in
            guard services.isLeader else { throw SystemRoutes.leaderOnly }
            return accepted(try await tasks.submitUnlessLocked(TaskLockName.webRestart, .restartWeb) {
                try await system.restartWebService()
            })
        }

        routes.postOrPatch("/system/remove_file") { request, _ in
            do {
                try FlagFiles.requireRemovalAllowed(services.paths)
            } catch {
                services.logger.error("Delete blocked because \(services.paths.flag(FlagFiles.disallowFileSystem).path) is present")
                throw error
            }
            let filepath = try RemoveFileRequest.filepath(from: try await RequestBody.json(request))
            let target = try services.files.removableFile(filepath: filepath).path
            return APIResponse.accepted(unit: services.unitName, taskID: try await tasks.submit(.removeFile) {
                try await system.removeFile(path: target)
            })
        }

        routes.postOrPatch("/hardware/check") { request, _ in
            let model = try ModelHardwareCheck.requestedModel(try await RequestBody.lenientObject(request), registry: services.models)
            let check = ModelHardwareCheck.forThisUnit(paths: services.paths, testing: services.identity.testing)
            return APIResponse.accepted(unit: services.unitName, taskID: try await tasks.submit(.checkModelHardware) {
                try check.run(modelName: model.name, modelVersion: model.version)
            })
        }
    }
}
