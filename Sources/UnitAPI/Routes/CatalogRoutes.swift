import Hummingbird
import PioreactorCore

/// UI descriptors, capabilities and calibration protocols (spec §3.9, §3.6).
enum CatalogRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        routes.get("/jobs/descriptors") { _, _ in
            let (descriptors, warnings) = services.descriptors.jobDescriptors()
            for warning in warnings { services.logger.error("\(warning)") }
            return APIResponse.json(descriptors, maxAge: 5)
        }

        routes.get("/automations/descriptors/:automation_type") { _, context in
            let type = try context.parameters.decoded("automation_type")
            let (descriptors, warnings) = try services.descriptors.automationDescriptorsWithWarnings(type: type)
            for warning in warnings { services.logger.error("\(warning)") }
            return APIResponse.json(descriptors, maxAge: 5)
        }

        routes.get("/capabilities") { _, _ in
            // Testing mode registers every unit as leader, as the reference does.
            APIResponse.json(JobCatalog.builtIn.capabilities(isLeader: services.identity.testing || services.isLeader))
        }

        routes.get("/calibration_protocols") { _, _ in
            APIResponse.json(services.calibrationProtocols, maxAge: 10)
        }
    }
}
