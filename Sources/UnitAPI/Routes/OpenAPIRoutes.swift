import Hummingbird

/// The OpenAPI 3.1 description of this API (`openapi/unit-api.json`), an addition the
/// reference app lacks. The text is embedded so the server needs no resource bundle.
enum OpenAPIRoutes {
    static func register(on routes: RouteRegistrar, services: UnitServices) {
        routes.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: document))
            )
        }
    }
}
