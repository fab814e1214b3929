// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Lamb",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lamb", targets: ["lamb"]),
        .executable(name: "lamb-jail", targets: ["lamb-jail"]),
        // The Runtime API client a custom-runtime (`provided.*`) function written in Swift links into its bootstrap.
        .library(name: "LambRuntimeClient", targets: ["LambRuntimeClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // Already built for jwt-kit; the CLI takes MD5 (SQS's md5OfBody in generated events) from it.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Outgoing calls to AWS-compatible endpoints (SQS for event source mappings).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // /metrics: swift-metrics names them, swift-prometheus renders the text format.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Invocation spans to an OpenTelemetry collector (`--otel-endpoint`); OTLP over HTTP only (no gRPC stack).
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // Process creation and (later) namespace set-up: the only code that runs between fork and exec.
        .target(name: "CLambSandbox"),
        // The jail: a tiny single-threaded C program that sets up an environment's namespaces, mounts, cgroups and
        // privileges, then execs the runtime (the server itself never forks).
        .executableTarget(name: "lamb-jail", linkerSettings: [.unsafeFlags(["-static-executable"])]),
        // Domain types, validation, wire constants and pure state machines. No I/O.
        .target(name: "LambCore", swiftSettings: swiftSettings),
        // How an execution environment's processes are started, limited, frozen and killed.
        .target(
            name: "LambSandbox",
            dependencies: ["LambCore", "CLambSandbox", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The runtime catalogue, interpreter discovery, bootstrap shims and code unpacking.
        .target(
            name: "LambRuntimes",
            dependencies: ["LambCore", "ZIPFoundation"],
            resources: [.copy("Shims")],
            swiftSettings: swiftSettings
        ),
        // The system's zlib, for gzip-compressed image layers.
        .systemLibrary(name: "CLambZlib"),
        // Container images: references, OCI layouts and archives, registry pulls, layer unpacking and the image cache.
        .target(
            name: "LambImages",
            dependencies: [
                "LambCore", "LambSandbox", "CLambZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // A Runtime API client for Swift functions on custom runtimes (handler protocol or closure, Codable events).
        .target(name: "LambRuntimeClient", dependencies: ["LambCore"], swiftSettings: swiftSettings),
        // The Runtime API (2018-06-01) server each environment's runtime talks to.
        .target(
            name: "LambRuntimeAPI",
            dependencies: [
                "LambCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Environment pools, dispatch of invocations, logs of environments.
        .target(
            name: "LambEngine",
            dependencies: [
                "LambCore", "LambSandbox", "LambRuntimes", "LambRuntimeAPI", "CLambSandbox",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Durable state: functions, code blobs.
        .target(
            name: "LambStore",
            dependencies: ["LambCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // SAM / CloudFormation templates: YAML and JSON with CloudFormation's tags, intrinsics, conditions, Globals,
        // and the functions, layers, versions and aliases they declare, with a report of what Lamb does not emulate.
        .target(
            name: "LambTemplates",
            dependencies: ["LambCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The user's project on disk: dependency builds (pip, npm) into a cache, code directories packaged as zips,
        // file watching for the edit loop, and environment-variable files (SAM's JSON, dotenv).
        .target(
            name: "LambWorkspace",
            dependencies: ["LambCore", "LambSandbox", "ZIPFoundation", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The HTTP front door's pure core: routes from templates and Function URLs, API Gateway's route selection,
        // proxy events (payload 1.0 and 2.0) and the mapping of results to HTTP responses, CORS.
        .target(
            name: "LambGateway",
            dependencies: ["LambCore", "LambTemplates"],
            swiftSettings: swiftSettings
        ),
        // The gateway's authorizers: Lambda authorizers (events, policy and simple responses, caching) and JWT
        // authorizers (tokens checked against a JWKS with jwt-kit).
        .target(
            name: "LambGatewayAuth",
            dependencies: ["LambCore", "LambGateway", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: swiftSettings
        ),
        // Signature Version 4 (verifying the Lambda API's requests, signing the CLI's) and the keys Lamb accepts:
        // the user's and the execution-role credentials it issues to functions.
        .target(
            name: "LambAuth",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Clients of AWS-compatible services (SQS's JSON protocol) signed with SigV4, and the event source mappings'
        // pure rules: filter patterns, SQS event shapes, batching and validation.
        .target(
            name: "LambAWS",
            dependencies: [
                "LambCore", "LambAuth",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Lambda HTTP API (rest-json) and Lamb's own endpoints.
        .target(
            name: "LambAPI",
            dependencies: [
                "LambCore", "LambEngine", "LambStore", "LambRuntimes", "LambTemplates", "LambWorkspace", "LambGateway",
                "LambGatewayAuth", "LambAuth", "LambSandbox", "LambAWS", "LambImages",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lamb",
            dependencies: [
                "LambCore", "LambAPI", "LambEngine", "LambStore", "LambRuntimes", "LambSandbox", "LambTemplates",
                "LambWorkspace", "LambGatewayAuth", "LambAuth", "LambAWS", "LambImages",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                "ZIPFoundation",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LambCoreTests", dependencies: ["LambCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LambAuthTests", dependencies: ["LambAuth"], swiftSettings: swiftSettings),
        .testTarget(name: "LambAWSTests", dependencies: ["LambAWS", "LambCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LambTemplatesTests", dependencies: ["LambTemplates", "LambCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LambGatewayTests", dependencies: ["LambGateway", "LambTemplates", "LambCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LambGatewayAuthTests", dependencies: ["LambGatewayAuth", "LambGateway", "LambCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LambWorkspaceTests", dependencies: ["LambWorkspace", "LambCore", "LambSandbox", "ZIPFoundation"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LambRuntimeAPITests",
            dependencies: ["LambRuntimeAPI", "LambCore", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LambEngineTests",
            dependencies: [
                "LambEngine", "LambSandbox", "LambRuntimes", "LambCore",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LambSandboxTests", dependencies: ["LambSandbox", "LambCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LambImagesTests", dependencies: ["LambImages", "LambCore", "LambSandbox"],
            swiftSettings: swiftSettings),
        .testTarget(name: "LambStoreTests", dependencies: ["LambStore", "LambCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LambRuntimesTests", dependencies: ["LambRuntimes", "LambCore", "ZIPFoundation"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LambRuntimeClientTests",
            dependencies: [
                "LambRuntimeClient", "LambRuntimeAPI", "LambCore", .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LambAPITests",
            dependencies: [
                "LambAPI", "LambCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
