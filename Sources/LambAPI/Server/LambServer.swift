import Foundation
import Hummingbird
import LambAuth
import LambCore
import LambEngine
import LambImages
import LambGateway
import LambRuntimes
import LambSandbox
import LambStore
import LambWorkspace
import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// `lamb serve`: wires the store, the engine and the API together and runs until SIGINT/SIGTERM.
public struct LambServer: Sendable {
    public let configuration: ServerConfiguration
    public let registry: FunctionRegistry
    public let engine: InvocationEngine
    public let asyncQueue: AsyncInvocationQueue
    /// The event source mappings and their pollers.
    public let eventSourceMappings: EventSourceMappings
    public let sandbox: any SandboxDriver
    /// Why `--sandbox auto` fell back to plain processes, if it did.
    public let sandboxFallbackReason: String?
    /// With the Linux sandbox: how fast a cold start joins its cgroups (``CgroupMoveTuning``).
    public let cgroupMoves: CgroupMoveTuning.State?
    public let runtimes: RuntimeCatalog
    /// The templates served, when `lamb serve` was given any (``StackSynchronizer/start()`` applies them).
    public let stacks: StackSynchronizer?
    /// Fires the templates' and the API's schedules.
    public let schedules: ScheduleRunner
    /// Every invocation's record, written to SQLite in batches.
    public let history: InvocationHistory
    /// `/metrics`, counted from the history's batches.
    let metrics: LambMetrics
    /// Sends invocation spans to the OpenTelemetry collector (`--otel-endpoint`).
    let spanExporter: (any Service)?
    /// Delivers destination messages to their services; `nil` when no endpoint serves any of them.
    let destinationRelay: DestinationRelay?
    /// The gateway's routes: the templates' (kept current by the synchronizer) and the function URLs.
    let gatewayRoutes: GatewayRouteSource
    public let gatewayAddress: GatewayAddress
    /// Who may call the Lambda API.
    public let access: APIAccessPolicy
    /// `AWS_ENDPOINT_URL_LAMBDA` for functions, once the API listens.
    private let apiEndpoint = APIEndpointBox()
    let logger: Logger

    /// - Parameter say: where template changes are reported, one line each (the terminal).
    public init(
        configuration: ServerConfiguration, logger: Logger,
        say: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        self.configuration = configuration
        self.logger = logger
        let fm = FileManager.default
        try fm.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        // Environments never survive Lamb; what a previous run left behind (after a kill -9) is garbage.
        let leftovers = LeftoverProcesses.killAll(in: configuration.environmentsDirectory.path)
        if leftovers > 0 {
            logger.notice("stopped runtimes left by a previous Lamb", metadata: ["count": "\(leftovers)"])
        }
        try? fm.removeItem(at: configuration.environmentsDirectory)
        try fm.createDirectory(at: configuration.environmentsDirectory, withIntermediateDirectories: true)

        let database = try LambDatabase(path: configuration.databasePath)
        let blobs = try BlobStore(directory: configuration.blobsDirectory)
        let layers = LayerRegistry(
            database: database, blobs: blobs,
            directories: try LayerDirectories(root: configuration.layersDirectory, blobs: blobs),
            account: configuration.engine.account,
            foreign: ForeignLayerSource(files: configuration.layerFiles, aws: configuration.aws))
        try await layers.load()
        let images = try ImageStore(
            root: configuration.imagesDirectory.path, localDirectory: configuration.imageDirectory,
            insecureHosts: configuration.insecureRegistries)
        let code = try FunctionCodeDirectories(
            root: configuration.functionsDirectory, blobs: blobs, layers: layers, images: images)
        runtimes = RuntimeCatalog.discover(
            overrides: configuration.interpreterOverrides, defaultPythonClient: configuration.pythonClient,
            javaCacheDirectory: configuration.javaRuntimeDirectory.path)
        let selection = try SandboxSelection.make(
            mode: configuration.sandboxMode, dataDirectory: configuration.dataDirectory.path,
            environmentsDirectory: configuration.environmentsDirectory.path,
            favorCgroupMoves: configuration.favorCgroupMoves,
            tmpDisks: configuration.tmpDisks,
            network: configuration.network,
            notice: { [logger] text in logger.notice("\(text)") })
        sandbox = selection.driver
        sandboxFallbackReason = selection.fallbackReason
        cgroupMoves = selection.cgroupMoves
        let keys = AccessKeyStore(userKeys: configuration.auth.userKeys)
        access = APIAccessPolicy(
            mode: configuration.auth.mode, functionAccess: configuration.auth.functionAccess,
            verifier: SignedRequestVerifier(
                // The CLI and SDKs sign CloudWatch Logs calls (served on the same endpoint) as `logs`.
                keys: keys, region: configuration.engine.account.region, services: ["lambda", "logs"]))
        let metrics = LambMetrics()
        self.metrics = metrics
        var spans: InvocationSpans?
        if let endpoint = configuration.otelEndpoint {
            let made = try InvocationSpans.make(endpoint: endpoint, protocol: configuration.otelProtocol)
            spans = made.0
            spanExporter = made.1
        } else {
            spanExporter = nil
        }
        let history = InvocationHistory(
            database: database, retention: configuration.history, prices: configuration.prices,
            onBatch: { [spans] batch in
                metrics.ingest(batch)
                spans?.export(batch)
            })
        self.history = history
        var engineConfiguration = Self.engineConfiguration(configuration, keys: keys, apiEndpoint: apiEndpoint)
        engineConfiguration.invocationObserver = { history.record($0) }
        engine = InvocationEngine(
            configuration: engineConfiguration,
            sandbox: sandbox, runtimes: runtimes, code: code,
            logs: try FunctionLogArchive(directory: configuration.logsDirectory),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
        registry = FunctionRegistry(
            database: database, blobs: blobs, code: code, runtimes: runtimes, engine: engine,
            layers: layers, account: configuration.engine.account)
        try await registry.load()
        DataDirectorySweep(registry: registry).run(logger: logger)
        let functions = registry
        asyncQueue = AsyncInvocationQueue(
            store: database, engine: engine, configuration: configuration.async,
            account: configuration.engine.account, logger: logger,
            allowsRecursion: { functions.recursiveLoop(of: $0) == .allow }
        ) { name, qualifier in
            try? functions.definition(
                FunctionReference(name: name, qualifier: qualifier), draw: Identifiers.unitDraw())
        }
        schedules = ScheduleRunner(
            queue: asyncQueue, account: configuration.engine.account,
            clock: ScheduleClock(speed: configuration.scheduleClockSpeed), logger: logger)
        await schedules.replace(origin: .api, with: try await database.schedules())
        eventSourceMappings = EventSourceMappings(
            database: database, registry: registry, invoker: MappingInvoker(registry: registry, engine: engine),
            aws: configuration.aws, logger: logger)
        try await eventSourceMappings.load()
        let sender = DestinationSender(aws: configuration.aws, account: configuration.engine.account)
        database.deliverDestinations(to: sender.services)
        destinationRelay =
            sender.services.isEmpty ? nil : DestinationRelay(database: database, sender: sender, logger: logger)
        gatewayRoutes = GatewayRouteSource(
            registry: registry,
            authorizers: GatewayAuthorizers(
                registry: registry, invoker: GatewayInvoker(registry: registry, engine: engine),
                jwks: configuration.jwks),
            functionURLAuth: FunctionURLIAMAuth(
                verifier: access.verifier, knownKeysOnly: configuration.auth.mode == .sigv4, registry: registry))
        gatewayAddress = GatewayAddress(host: configuration.host, port: configuration.gatewayPort)
        stacks = try Self.makeStacks(
            configuration, registry: registry, runtimes: runtimes, routes: gatewayRoutes, schedules: schedules,
            eventSources: StackEventSources(aws: configuration.aws, mappings: eventSourceMappings), say: say)
        let resumed = try await asyncQueue.restore()
        if resumed > 0 { logger.notice("resuming queued async events", metadata: ["count": "\(resumed)"]) }
    }

    /// Serves until a shutdown signal; then stops accepting requests, lets in-flight invocations finish, and stops
    /// every environment.
    ///
    /// - Parameter onGatewayReady: called with the gateway's port and its routes when it listens.
    public func run(
        onReady: @escaping @Sendable (Int) async -> Void = { _ in },
        onGatewayReady: @escaping @Sendable (Int, [String]) async -> Void = { _, _ in }
    ) async throws {
        var api = LambdaAPI(
            registry: registry, engine: engine, asyncQueue: asyncQueue, stacks: stacks, gateway: gatewayAddress,
            schedules: schedules)
        api.history = history
        api.metrics = metrics
        api.eventTemplates = configuration.eventTemplates
        api.eventSourceMappings = eventSourceMappings
        api.codeSource = S3CodeSource(bucketDirectories: configuration.s3Directories, aws: configuration.aws)
        var services: [any Service] = [
            EngineService(
                engine: engine, sandbox: sandbox, runtimes: runtimes,
                precompilesJava: registry.allFunctions().contains {
                    LambdaRuntimeNames.java.contains($0.latest.settings.runtime)
                }, logger: logger),
            AsyncInvocationService(queue: asyncQueue),
            ScheduleService(runner: schedules),
            EventSourceMappingService(mappings: eventSourceMappings),
        ]
        if let destinationRelay { services.append(destinationRelay) }
        // First, so it stops last (services stop in reverse order): invocations that finish during the shutdown are
        // still written.
        services.insert(InvocationHistoryService(history: history, logger: logger), at: 0)
        // Before the history, so it stops after it: the last batch's spans are still sent.
        if let spanExporter { services.insert(spanExporter, at: 0) }
        if configuration.gatewayAlways || !gatewayRoutes.current().routes.isEmpty || !registry.functionURLs().isEmpty {
            let routes = gatewayRoutes
            let responder = GatewayResponder(
                registry: registry, invoker: routes.authorizers.invoker, routes: routes)
            services.append(
                GatewayService(
                    responder: responder, address: gatewayAddress, limits: configuration.connections, logger: logger
                ) { [registry] port in
                    let urls = registry.functionURLs().map { target in
                        let url = FunctionURLRules.url(urlId: target.config.urlId, region: registry.account.region, port: port)
                        let qualifier = target.qualifier == FunctionDefinition.latest ? "" : ":\(target.qualifier)"
                        return "URL \(url) -> \(target.function)\(qualifier)"
                    }
                    await onGatewayReady(port, routes.current().routes.map(GatewayRouteSource.describe) + urls)
                })
        }
        if let stacks, configuration.stacks.watch {
            services.append(StackWatchService(synchronizer: stacks, logger: logger))
        }
        let app = Application(
            router: api.makeRouter(),
            server: .loopPinnedHTTP1(
                invocation: api.syncInvocation, access: access, limits: configuration.connections,
                server: "Lambda API", logger: logger),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Lamb", reuseAddress: true),
            services: services,
            onServerRunning: { [apiEndpoint, configuration] channel in
                let port = channel.localAddress?.port ?? 0
                apiEndpoint.url.withLock { $0 = Self.endpointForFunctions(host: configuration.host, port: port) }
                await onReady(port)
            },
            logger: logger)
        try await app.runService()
    }
}

extension LambServer {
    /// The engine's settings plus what functions get from the API's configuration: their credentials (issued per
    /// function, registered with `keys`, or the host's), and the Lambda endpoint for SDKs inside them.
    static func engineConfiguration(
        _ configuration: ServerConfiguration, keys: AccessKeyStore, apiEndpoint: APIEndpointBox
    ) -> EngineConfiguration {
        var engine = configuration.engine
        switch configuration.auth.functionCredentials {
        case .issued:
            let issuer = FunctionCredentials(store: keys)
            engine.functionCredentials = { issuer.variables(function: $0) }
        case .host:
            // Functions sign with the host's key: accept it from them.
            if let id = engine.credentials["AWS_ACCESS_KEY_ID"], let secret = engine.credentials["AWS_SECRET_ACCESS_KEY"] {
                keys.add(
                    AccessKey(id: id, secret: secret, sessionToken: engine.credentials["AWS_SESSION_TOKEN"], owner: .user))
            }
        }
        // An isolated environment reaches nothing of the host, Lamb's API included: no endpoint to point SDKs at.
        if configuration.auth.functionAccess != .none && configuration.network == .host {
            engine.defaultVariables = { apiEndpoint.url.withLock { $0 }.map { ["AWS_ENDPOINT_URL_LAMBDA": $0] } ?? [:] }
        }
        return engine
    }

    /// The API's URL as seen from an environment (which shares the host's network): a wildcard address is reached
    /// on loopback.
    static func endpointForFunctions(host: String, port: Int) -> String {
        let reachable = ["0.0.0.0", "", "::", "[::]"].contains(host) ? "127.0.0.1" : host
        return reachable.contains(":") && !reachable.hasPrefix("[") ? "http://[\(reachable)]:\(port)" : "http://\(reachable):\(port)"
    }

    static func makeStacks(
        _ configuration: ServerConfiguration, registry: FunctionRegistry, runtimes: RuntimeCatalog,
        routes: GatewayRouteSource, schedules: ScheduleRunner, eventSources: StackEventSources,
        say: @escaping @Sendable (String) -> Void
    ) throws -> StackSynchronizer? {
        let stacks = configuration.stacks
        guard stacks.isEnabled else { return nil }
        let builder = DependencyBuilder(cacheRoot: configuration.buildCacheDirectory, environment: stacks.buildEnvironment)
        return StackSynchronizer(
            registry: registry, configuration: stacks, routes: routes,
            packager: StackCodePackager(builder: builder, buildDependencies: stacks.buildDependencies, runtimes: runtimes),
            overrides: try EnvironmentOverrides(
                dotEnv: stacks.dotenvFile.map {
                    try DotEnvFile.load(contentsOf: URL(fileURLWithPath: $0), outer: stacks.buildEnvironment).variables
                } ?? [:],
                samFile: stacks.environmentVariablesFile.map {
                    try SAMEnvironmentVariablesFile.load(contentsOf: URL(fileURLWithPath: $0))
                }),
            schedules: schedules, eventSources: eventSources, say: say)
    }
}

/// The Lambda API's URL for functions, known once it listens.
final class APIEndpointBox: Sendable {
    let url = Mutex<String?>(nil)
}

/// Runs the engine's background work (reaping, retiring, spares) while Lamb serves, and stops every environment at
/// shutdown (after the HTTP server has drained, since services shut down in reverse order).
struct EngineService: Service {
    let engine: InvocationEngine
    let sandbox: any SandboxDriver
    let runtimes: RuntimeCatalog
    /// Whether Java functions exist at start: only then is the Java runtime client compiled in the background.
    /// Otherwise the first Java cold start compiles it (about 2 s of javac, once per data directory), so that the
    /// many servers that never run Java do not pay for it.
    let precompilesJava: Bool
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await engine.run() }
            group.addTask { await compileShimBytecode() }
            if precompilesJava { group.addTask { await compileJavaRuntime() } }
            try? await gracefulShutdown()
            // Stops every environment; the engine's background work then ends.
            await engine.shutdown()
            group.cancelAll()
        }
        sandbox.tearDown()
    }

    /// Compiles Lamb's Java runtime client (or finds it compiled by an earlier run) in the background, so the first
    /// Java cold start after a restart does not wait for javac; one that comes first waits for this build instead of
    /// starting another.
    private func compileJavaRuntime() async {
        guard let build = runtimes.javaRuntime else { return }
        do {
            _ = try await build.prepared()
        } catch {
            logger.warning("Java functions cannot start", metadata: ["reason": "\(error)"])
        }
    }

    /// Writes the Python shim's bytecode once per interpreter, in the background: a cold start that comes first only
    /// compiles the shim itself, as it would have without this.
    private func compileShimBytecode() async {
        for (executable, arguments) in runtimes.shimBytecodeCommands {
            let exit = try? await HelperCommand.run(executable, arguments)
            if exit != .exited(code: 0) {
                logger.debug(
                    "could not write the Python shim's bytecode",
                    metadata: ["interpreter": "\(executable)", "exit": "\(exit.map { "\($0)" } ?? "not started")"])
            }
        }
    }
}
