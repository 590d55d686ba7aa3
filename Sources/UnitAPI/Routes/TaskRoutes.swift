import Hummingbird
import PioreactorCore

/// Polling the asynchronous task protocol (spec §1.4, §3.1).
enum TaskRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        routes.get("/task_results/:task_id") { _, context in
            let poll = services.tasks.poll(taskID: try context.parameters.decoded("task_id"))
            return APIResponse.json(poll.body, status: HTTPResponse.Status(code: poll.httpStatus))
        }
    }
}
