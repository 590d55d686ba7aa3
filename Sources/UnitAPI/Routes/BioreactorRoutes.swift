import Hummingbird
import PioreactorCore

/// Per-experiment liquid state (spec §3.5).
enum BioreactorRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let bioreactor = services.bioreactor

        routes.get("/bioreactor/experiments/:experiment") { _, context in
            APIResponse.json(try await bioreactor.get(experiment: try context.parameters.decoded("experiment")))
        }

        // Careful behaviour: every value is validated before any is stored, then each is
        // published retained. A broker that is away gets them when it is back (queued), rather
        // than the reference's 400 after 6 s of retries.
        routes.on(.patch, path: "/bioreactor/experiments/:experiment") { request, context in
            let body = try await RequestBody.lenientObject(request)
            do {
                let experiment: String = try context.parameters.decoded("experiment")
                for setting in try await bioreactor.set(experiment: experiment, values: body["values"]) {
                    services.cluster.publish(
                        "pioreactor/\(services.unitName)/\(experiment)/bioreactor/\(setting.variable)",
                        JSONValue.pythonFloatRepr(setting.value), 2, true)
                }
            } catch let failure as UnitError {
                services.logger.error("bioreactor update refused: \(failure.error)")
                throw failure
            }
            return APIResponse.json(["status": "success"])
        }
    }
}
