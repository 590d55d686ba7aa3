import Hummingbird
import PioreactorCore

/// Calibrations and the active-calibration map (spec §3.6).
enum CalibrationRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let calibrations = services.calibrations

        routes.get("/calibrations") { _, _ in
            APIResponse.json(try await calibrations.all(), maxAge: 10)
        }
        routes.get("/calibrations/:device") { _, context in
            APIResponse.json(try await calibrations.list(device: try context.parameters.decoded("device")), maxAge: 10)
        }
        routes.on(.post, path: "/calibrations/:device") { request, context in
            let body = try await RequestBody.strict(request)
            let path = try await calibrations.create(device: try context.parameters.decoded("device"), body: body)
            return APIResponse.json(["msg": "Calibration created successfully.", "path": .string(path)], status: .created)
        }
        routes.get("/calibrations/:device/:calibration_name") { _, context in
            let (device, name) = try deviceAndName(context)
            return APIResponse.json(try await calibrations.get(device: device, name: name), maxAge: 10)
        }
        routes.on(.delete, path: "/calibrations/:device/:calibration_name") { _, context in
            let (device, name) = try deviceAndName(context)
            try await calibrations.delete(device: device, name: name)
            return APIResponse.json(["msg": .string("Calibration '\(name)' for device '\(device)' deleted successfully.")])
        }

        routes.get("/active_calibrations") { _, _ in
            APIResponse.json(try await calibrations.activeAll(), maxAge: 10)
        }
        routes.on(.patch, path: "/active_calibrations/:device/:calibration_name") { _, context in
            let (device, name) = try deviceAndName(context)
            try await calibrations.setActive(device: device, name: name)
            return APIResponse.json(["status": "success"])
        }
        routes.on(.delete, path: "/active_calibrations/:device") { _, context in
            try await calibrations.removeActive(device: try context.parameters.decoded("device"))
            return APIResponse.json(["status": "success"])
        }

        routes.get("/zipped_calibrations") { _, _ in
            let data = try await BlockingWork.run { [store = calibrations.store] in try store.zipData() }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/zip", .cacheControl: "no-cache",
                    .contentDisposition: "attachment; filename=\(services.unitName)_calibrations.zip",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: data))
            )
        }
    }

    static func deviceAndName(_ context: BasicRequestContext, name: String = "calibration_name") throws -> (String, String) {
        (try context.parameters.decoded("device"), try context.parameters.decoded(name))
    }
}
