import Logging
import PioreactorCore

/// Everything a route needs, built once at start-up and shared by all requests.
public struct UnitServices: Sendable {
    public let paths: UnitPaths
    public let identity: UnitIdentity
    public let logger: Logger

    public init(paths: UnitPaths, identity: UnitIdentity, logger: Logger = Logger(label: "pioreactor.unit_api")) {
        self.paths = paths
        self.identity = identity
        self.logger = logger
    }

    var unitName: String { identity.name }
}

extension UnitServices {
    /// Prepares DOT_PIOREACTOR and RUN_PIOREACTOR (seeding on first run) and opens the stores.
    public static func start(paths: UnitPaths, identity: UnitIdentity, logger: Logger) throws -> UnitServices {
        UnitServices(paths: paths, identity: identity, logger: logger)
    }
}
