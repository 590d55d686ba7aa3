import Hummingbird

/// Registers `/unit_api` routes on the router and records each method/path pair in the
/// route table (for 404-vs-405 and for checking the route list against the spec).
struct RouteRegistrar {
    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    let router: Router<BasicRequestContext>
    let table: RouteTable
    let prefix = "/unit_api"

    func on(_ methods: HTTPRequest.Method..., path: String, _ handler: @escaping Handler) {
        let full = prefix + path
        for method in methods {
            table.add(method, full)
            router.on(RouterPath(full), method: method) { request, context in try await handler(request, context) }
        }
    }

    func get(_ path: String, _ handler: @escaping Handler) { on(.get, path: path, handler) }
    func postOrPatch(_ path: String, _ handler: @escaping Handler) { on(.post, .patch, path: path, handler) }
}
