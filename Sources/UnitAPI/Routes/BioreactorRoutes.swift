import Hummingbird
import PioreactorCore

/// Per-experiment liquid state (spec §3.5).
enum BioreactorRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let bioreactor = services.bioreactor

        routes.get("/bioreactor/experiments/:experiment") { _, context in
            APIResponse.json(try await bioreactor.get(experiment: try context.parameters.decoded("experiment")))
        }

        // Careful behaviour: every value is validated before any is stored. With no MQTT
        // broker (none is bundled yet) the values are stored and nothing is published.
        routes.on(.patch, path: "/bioreactor/experiments/:experiment") { request, context in
            let body = try await RequestBody.lenientObject(request)
            do {
                _ = try await bioreactor.set(experiment: try context.parameters.decoded("experiment"), values: body["values"])
            } catch let failure as UnitError {
                services.logger.error("bioreactor update refused: \(failure.error)")
                throw failure
            }
            return APIResponse.json(["status": "success"])
        }
    }
}
