import Hummingbird
import PioreactorCore

/// Job history, running jobs and published settings (spec §3.3 reads, §3.4).
enum JobRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let jobs = services.jobs

        routes.get("/jobs") { _, _ in
            APIResponse.json(.array(try await jobs.allJobs().map(JSONValue.object)))
        }
        routes.get("/jobs/running") { _, _ in
            try await running(jobs, .all)
        }
        routes.get("/jobs/running/:job_name") { _, context in
            try await running(jobs, .jobName(try context.parameters.decoded("job_name")))
        }
        routes.get("/jobs/running/experiments/:experiment") { _, context in
            try await running(jobs, .experiment(try context.parameters.decoded("experiment")))
        }
        routes.get("/long_running_jobs/running") { _, _ in
            try await running(jobs, .longRunning)
        }

        routes.get("/jobs/settings/job_name/:job_name") { _, context in
            let settings = try await jobs.settings(jobName: try context.parameters.decoded("job_name"))
            guard !settings.isEmpty else { throw UnitError(404, "No settings found for job.") }
            return APIResponse.json(["settings": .object(settings)])
        }
        routes.get("/jobs/settings/job_name/:job_name/setting/:setting") { _, context in
            let name = try context.parameters.decoded("setting")
            guard let value = try await jobs.setting(jobName: try context.parameters.decoded("job_name"), setting: name) else {
                throw UnitError(404, "Setting not found.")
            }
            return APIResponse.json(.object(JSONObject([(name, value)])))
        }
        // The reference answers 503 here; we deliver `{"settings": {...}}` to the running job,
        // which applies and republishes each setting within a second.
        routes.on(.patch, path: "/jobs/settings/job_name/:job_name") { request, context in
            let body = try await RequestBody.jsonObject(request)
            guard case .object(let settings)? = body["settings"], !settings.isEmpty else {
                throw UnitError(400, "Missing settings.", cause: "Expected a JSON object under `settings` with one or more settings.",
                                remediation: #"Submit a payload like {"settings": {"target_rpm": 400}}."#)
            }
            let jobName = try context.parameters.decoded("job_name")
            try await jobs.requestSettingChange(jobName: jobName, settings: settings)
            return APIResponse.json(["status": "success"])
        }
    }

    private static func running(_ jobs: JobMetadataStore, _ filter: RunningJobsFilter) async throws -> Response {
        APIResponse.json(.array(try await jobs.runningJobs(filter: filter).map(JSONValue.object)))
    }
}
