import PioreactorTasks
import ServiceLifecycle

/// Drops old task results in the background (default: older than a week, checked hourly);
/// it never blocks requests and stops with the server.
struct TaskPruningService: Service {
    let tasks: TaskQueue
    var maxAge: Double = 7 * 24 * 3600

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await tasks.runPruning(maxAge: maxAge)
        }
    }
}
