import Foundation
import Hummingbird
import PioreactorCore

/// Health, versions and the synchronous system endpoints (spec §3.2, §3.12).
enum SystemRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let health = HealthBody(unitName: services.unitName)
        routes.get("/health") { _, _ in
            APIResponse.json(encoded: health.encoded(utcTime: ISOTime.milliseconds()), maxAge: 0)
        }

        routes.get("/versions/app") { _, _ in
            APIResponse.json(["version": .string(PioreactorVersion.app)], maxAge: 10000)
        }

        routes.get("/system/utc_clock") { _, _ in
            APIResponse.json(["status": "success", "clock_time": .string(ISOTime.milliseconds())])
        }

        registerLeaderOnly(on: routes, services: services)
    }
}

extension SystemRoutes {
    static let leaderOnly = UnitError(403, "This endpoint is only available on the leader.")

    static func registerLeaderOnly(on routes: RouteRegistrar, services: UnitServices) {
        routes.get("/system/web_server/status") { _, _ in
            guard services.isLeader else { throw leaderOnly }
            if services.identity.testing { return APIResponse.json(WebServerStatus.testingAnswer, maxAge: 0) }
            return APIResponse.json(await WebServerStatus.current(), maxAge: 3)
        }
    }
}
