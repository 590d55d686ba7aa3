import Hummingbird
import HummingbirdCore
import Logging
import PioreactorCore

/// Builds the `/unit_api` HTTP application from the unit's services.
public enum UnitApplication {
    /// The router with every route and the error-schema middleware.
    public static func router(services: UnitServices) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
        let table = RouteTable()
        router.add(middleware: ErrorSchemaMiddleware(routes: table, isLeader: { services.isLeader }))
        router.add(middleware: CrossSiteGuard(policy: services.crossSite))
        registerAll(RouteRegistrar(router: router, table: table), services: services)
        return router
    }

    /// The method/path pairs registered under `/unit_api`, for tests and documentation.
    public static func registeredRoutes(services: UnitServices) -> [(method: String, path: String)] {
        let router = Router(context: BasicRequestContext.self)
        let table = RouteTable()
        registerAll(RouteRegistrar(router: router, table: table), services: services)
        return table.entries.map { ($0.method.rawValue, $0.path) }
    }

    /// Hummingbird's router tries sibling path segments in registration order, so the routes
    /// polled most (health, task results, job listings, calibrations) come first. No two groups
    /// put a capture where another has a fixed segment, so the order does not change any match.
    private static func registerAll(_ routes: RouteRegistrar, services: UnitServices) {
        SystemRoutes.register(on: routes, services: services)
        TaskRoutes.register(on: routes, services: services)
        JobRoutes.register(on: routes, services: services)
        CalibrationRoutes.register(on: routes, services: services)
        ConfigRoutes.register(on: routes, services: services)
        CatalogRoutes.register(on: routes, services: services)
        FileRoutes.register(on: routes, services: services)
        PluginRoutes.register(on: routes, services: services)
        EstimatorRoutes.register(on: routes, services: services)
        BioreactorRoutes.register(on: routes, services: services)
        SystemActionRoutes.register(on: routes, services: services)
        PluginInstallRoutes.register(on: routes, services: services)
        ImportRoutes.register(on: routes, services: services)
        JobControlRoutes.register(on: routes, services: services)
        OpenAPIRoutes.register(on: routes, services: services)
    }

    /// The server `pio web` runs: the router plus the background services, on `host:port`
    /// (`port` 0: one the system picks). `onListening` gets the port once it is bound, after the
    /// jobs the server starts have been told it.
    public static func server(
        services: UnitServices, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> UnitServer {
        UnitServer(
            responder: router(services: services).buildResponder(),
            configuration: ServerConfiguration(address: .hostname(host, port: port)),
            services: [TaskPruningService(tasks: services.tasks)],
            logger: logger,
            onListening: { bound in
                services.jobTasks.listeningPort.set(bound)
                await onListening(bound)
            }
        )
    }
}
