import Hummingbird
import NIOCore
import Logging
import PioreactorCore

/// Renders every failure in the spec's error schema. Handlers only throw: `UnitError`
/// for domain failures; router misses become 404 or, when the path exists under another
/// method, 405; a full disk becomes 507; anything unexpected becomes the generic 500 and is logged.
struct ErrorSchemaMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable
    /// Whether this unit is the leader; only a leader serves `/api/...` (out of our scope).
    let isLeader: @Sendable () -> Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as UnitError {
            if failure.status >= 500 {
                context.logger.error("\(request.method) \(request.uri.path): \(failure)")
            }
            return APIResponse.error(failure)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return notFound(request)
            case .methodNotAllowed:
                return APIResponse.error(.methodNotAllowed)
            case .contentTooLarge:
                return APIResponse.error(UnitError(413, "Request body is too large.", cause: error.body ?? "The request body exceeds the size this endpoint accepts."))
            default:
                let code = error.status.code
                if code >= 500 { context.logger.error("\(request.method) \(request.uri.path): \(error)") }
                return APIResponse.error(UnitError(code, error.body ?? error.status.reasonPhrase))
            }
        } catch is NIOTooManyBytesError {
            // A handler that collected a body itself, past its cap.
            return APIResponse.error(UnitError(413, "Request body is too large.", cause: "The request body exceeds the size this endpoint accepts."))
        } catch {
            if StorageFull.matches(error) {
                context.logger.error("\(request.method) \(request.uri.path): disk full: \(error)")
                return APIResponse.error(StorageFull.error)
            }
            context.logger.error("\(request.method) \(request.uri.path): unhandled \(error)")
            return APIResponse.error(.internalError)
        }
    }

    private func notFound(_ request: Request) -> Response {
        let methods = routes.methods(forPath: request.uri.path)
        guard !methods.isEmpty else {
            if request.uri.path.hasPrefix("/api/"), !isLeader() { return APIResponse.error(.leaderAPIOnWorker) }
            return APIResponse.error(.routeNotFound)
        }
        if request.method == .options {
            // Flask answers OPTIONS itself on every route with the allowed methods.
            var allowed = methods
            if allowed.contains(.get) { allowed.insert(.head) }
            allowed.insert(.options)
            let order: [HTTPRequest.Method] = [.get, .post, .patch, .put, .delete, .options, .head]
            let header = order.filter { allowed.contains($0) }.map(\.rawValue).joined(separator: ", ")
            return Response(status: .ok, headers: [.allow: header, .contentType: "text/html; charset=utf-8"])
        }
        return APIResponse.error(.methodNotAllowed)
    }
}
