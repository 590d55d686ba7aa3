import Hummingbird
import HummingbirdCore
import Logging
import NIOHTTP1
import NIOPosix
import PioreactorCore
import ServiceLifecycle

/// The Unit API's HTTP/1.1 server: Hummingbird's channel and our router, run without
/// Hummingbird's `Application`. That wrapper gives every request's logger a fresh request id
/// inside a task-local scope, which nothing here reads and which cost about a tenth of a small
/// response's CPU (GET /health: ~24.5k → ~26.7k req/s on the 2-core bench machine).
public struct UnitServer: Sendable {
    let responder: RouterResponder<BasicRequestContext>
    let configuration: ServerConfiguration
    let services: [any Service]
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully (requests in flight finish).
    public func run() async throws {
        let responder = self.responder
        let dates = HTTPDateClock()
        let logger = self.logger
        let server = try HTTPServerBuilder.http1().buildServer(
            configuration: configuration,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger,
            responder: { request, writer, channel in
                let context = BasicRequestContext(source: .init(channel: channel, logger: logger))
                var response: Response
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch let error as HTTPParserError {
                    throw error  // the channel answers 400 and closes the connection
                } catch {
                    // ErrorSchemaMiddleware answers every failure; this is the last resort.
                    logger.error("\(request.method) \(request.uri.path): unhandled \(error)")
                    response = APIResponse.error(.internalError)
                }
                response.headers[.date] = dates.now()
                try await writer.write(response: response.head, body: response.body)
            },
            onServerRunning: { [onListening] channel in
                if let port = channel.localAddress?.port { await onListening(port) }
            }
        )
        let group = ServiceGroup(configuration: .init(
            services: services + [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
