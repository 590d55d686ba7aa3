import Hummingbird
import PioreactorCore

/// config.ini + unit_config.ini (spec §3.8).
enum ConfigRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        let config = services.config

        routes.get("/config/merged") { _, _ in
            APIResponse.json(try config.mergedJSON())
        }

        routes.get("/config/specific") { _, _ in
            APIResponse.text(config.unitConfigText(), maxAge: 0)
        }

        routes.postOrPatch("/config/specific") { request, _ in
            let code = try await codePatch(request)
            try await BlockingWork.run { try config.saveUnitConfig(code: code) }
            return APIResponse.json(["status": "success"])
        }
    }

    /// The typed `CodePatch` body; decode errors are 400s whose `error` is the decoder message.
    private static func codePatch(_ request: Request) async throws -> String {
        let data = try await RequestBody.bytes(request)
        let body: JSONValue
        do {
            body = try await BodyParsing.parse(data)
        } catch {
            throw UnitError(400, error.message)
        }
        guard case .object(let object) = body else { throw UnitError(400, "Expected `object`, got `\(body.typeName)`") }
        guard let code = object["code"] else { throw UnitError(400, "Object missing required field `code`") }
        guard case .string(let text) = code else { throw UnitError(400, "Expected `str`, got `\(code.typeName)` - at `$.code`") }
        return text
    }
}
