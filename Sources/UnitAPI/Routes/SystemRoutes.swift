import Foundation
import Hummingbird
import PioreactorCore

/// Health, versions and the synchronous system endpoints (spec §3.2, §3.12).
enum SystemRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        routes.get("/health") { _, _ in
            APIResponse.json([
                "status": "ok",
                "pioreactor_unit": .string(services.unitName),
                "utc_time": .string(ISOTime.milliseconds()),
            ], maxAge: 0)
        }

        routes.get("/versions/app") { _, _ in
            APIResponse.json(["version": .string(PioreactorVersion.app)], maxAge: 10000)
        }

        routes.get("/system/utc_clock") { _, _ in
            APIResponse.json(["status": "success", "clock_time": .string(ISOTime.milliseconds())])
        }
    }
}
