import Hummingbird
import PioreactorCore
import PioreactorTasks

/// Starting and stopping jobs through the task queue (spec §3.3).
enum JobControlRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let jobs = services.jobTasks

        // Order as in the reference: debounce (counts even requests that fail later), body, safety.
        routes.postOrPatch("/jobs/run/job_name/:job_name") { request, context in
            let jobName = try context.parameters.decoded("job_name")
            if try await services.debounce.isRateLimited(jobName: jobName) { throw UnitError.tooManyRequests }
            let body = try ArgsOptionsEnvs.decode(try await RequestBody.json(request), allowConfigOverrides: true)
            try await services.dosingSafety.check(jobName: jobName, request: body)
            let command = try jobs.launchCommand(jobName: jobName, body: body, testing: services.identity.testing)
            return APIResponse.accepted(unit: services.unitName, taskID: try await services.tasks.submit(.pioRun) {
                try await jobs.runJob(command)
            })
        }

        routes.postOrPatch("/jobs/stop") { request, _ in
            let raw = try await RequestBody.bytes(request)
            if raw.isEmpty { throw JobStopFilter.noFilter }
            let filter = try JobStopFilter.parse(try await RequestBody.json(raw))
            return APIResponse.accepted(unit: services.unitName, taskID: try await services.tasks.submit(.killJobs) {
                await jobs.killJobs(matching: filter)
            })
        }

        routes.postOrPatch("/jobs/stop/all") { _, _ in
            APIResponse.accepted(unit: services.unitName, taskID: try await services.tasks.submit(.killJobs) {
                await jobs.killAllJobs()
            })
        }
    }
}
