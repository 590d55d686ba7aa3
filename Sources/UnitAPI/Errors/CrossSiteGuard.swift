import Hummingbird
import PioreactorCore

/// Refuses (403, error schema) what a browser sent on behalf of another site; see `CrossSitePolicy`.
struct CrossSiteGuard<Context: RequestContext>: RouterMiddleware {
    let policy: CrossSitePolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let headers = request.headers
        if let reason = policy.refusal(
            method: request.method.rawValue, host: request.head.authority, origin: headers[.origin],
            fetchSite: headers.first { $0.name.canonicalName == "sec-fetch-site" }?.value)
        {
            context.logger.warning("refused \(request.method) \(request.uri.path): \(reason)")
            throw UnitError(
                403, "Cross-site request refused.", cause: reason,
                remediation: "Use the Pioreactor UI served by this cluster's leader, or call the API from a script; list other origins in [ui] allowed_origins.")
        }
        return try await next(request, context)
    }
}
