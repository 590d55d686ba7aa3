import Hummingbird
import PioreactorCore

/// Estimators and the active-estimator map (spec §3.7).
enum EstimatorRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let estimators = services.estimators

        routes.get("/estimators") { _, _ in
            APIResponse.json(try await estimators.all(), maxAge: 10)
        }
        routes.get("/estimators/:device") { _, context in
            APIResponse.json(try await estimators.list(device: try context.parameters.decoded("device")), maxAge: 10)
        }
        routes.get("/estimators/:device/:estimator_name") { _, context in
            let (device, name) = try CalibrationRoutes.deviceAndName(context, name: "estimator_name")
            return APIResponse.json(try await estimators.get(device: device, name: name), maxAge: 10)
        }
        routes.on(.delete, path: "/estimators/:device/:estimator_name") { _, context in
            let (device, name) = try CalibrationRoutes.deviceAndName(context, name: "estimator_name")
            try await estimators.delete(device: device, name: name)
            return APIResponse.json(["msg": .string("Estimator '\(name)' for device '\(device)' deleted successfully.")])
        }

        routes.get("/active_estimators") { _, _ in
            APIResponse.json(try await estimators.activeAll(), maxAge: 10)
        }
        routes.on(.patch, path: "/active_estimators/:device/:estimator_name") { _, context in
            let (device, name) = try CalibrationRoutes.deviceAndName(context, name: "estimator_name")
            try await estimators.setActive(device: device, name: name)
            return APIResponse.json(["status": "success"])
        }
        routes.on(.delete, path: "/active_estimators/:device") { _, context in
            try await estimators.removeActive(device: try context.parameters.decoded("device"))
            return APIResponse.json(["status": "success"])
        }
    }
}
