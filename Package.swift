// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pioreactor-unit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pio", targets: ["pio"]),
        .library(name: "PioreactorCore", targets: ["PioreactorCore"]),
        .library(name: "UnitAPI", targets: ["UnitAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "PioreactorCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "PioreactorTasks",
            dependencies: [
                "PioreactorCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libmosquitto, Eclipse Mosquitto's C client (Debian libmosquitto-dev); only
        // PioreactorMQTT imports it.
        .systemLibrary(
            name: "CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .target(
            name: "PioreactorMQTT",
            dependencies: [
                "CMosquitto",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A private mosquitto per test (free port, password file), for the tests of every layer.
        .target(
            name: "MQTTTestSupport",
            dependencies: ["PioreactorMQTT", .product(name: "Logging", package: "swift-log")],
            path: "Tests/MQTTTestSupport"
        ),
        .target(
            name: "PioreactorHardware",
            dependencies: ["PioreactorCore"]
        ),
        .target(
            name: "PioreactorJobs",
            dependencies: [
                "PioreactorCore",
                "PioreactorHardware",
                "PioreactorMQTT",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "UnitAPI",
            dependencies: [
                "PioreactorCore",
                "PioreactorTasks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "pio",
            dependencies: [
                "PioreactorCore",
                "PioreactorJobs",
                "UnitAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PioreactorCoreTests",
            dependencies: ["PioreactorCore"]
        ),
        .testTarget(
            name: "PioreactorTasksTests",
            dependencies: ["PioreactorTasks", "PioreactorCore"]
        ),
        .testTarget(
            name: "PioreactorHardwareTests",
            dependencies: ["PioreactorHardware", "PioreactorCore"]
        ),
        .testTarget(
            name: "PioreactorJobsTests",
            dependencies: ["PioreactorJobs", "PioreactorHardware", "PioreactorCore", "PioreactorMQTT", "MQTTTestSupport"]
        ),
        .testTarget(
            name: "PioreactorMQTTTests",
            dependencies: [
                "PioreactorMQTT",
                "MQTTTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "UnitAPITests",
            dependencies: [
                "UnitAPI",
                "PioreactorCore",
                "PioreactorMQTT",
                "MQTTTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
