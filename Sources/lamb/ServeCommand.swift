import ArgumentParser
import Foundation
import LambAPI
import LambCore
import LambEngine
import LambGatewayAuth
import LambRuntimes
import LambSandbox
import Logging

/// `lamb serve`: the Lambda API on a local port.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the Lambda API (boto3, the AWS CLI and SAM can use it unchanged).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 9001
    @Option(
        name: .customLong("gateway-port"),
        help: "Port of the HTTP gateway (template routes, function URLs); default 3000, listening only when needed.")
    var gatewayPort: Int?
    @Option(name: .customLong("data-dir"), help: "Where functions, code and logs are kept.") var dataDir = ".lamb"
    @Option(help: "Region in ARNs and AWS_REGION.") var region = "us-east-1"
    @Option(name: .customLong("account-id"), help: "Account id in ARNs.") var accountId = "000000000000"
    @Option(
        name: .customLong("keep-alive"),
        help: "Shut idle environments down after this long (seconds, or with a suffix: 30s, 10m, 1h).")
    var keepAlive = "600"
    @Option(name: .customLong("init-timeout"), help: "Cap on the init phase (seconds or 500ms, 10s).")
    var initTimeout = "10"
    @Option(
        name: .customLong("python-client"),
        help: "Runtime interface client for Python functions: shim (Lamb's, fast) or awslambdaric (AWS's package).")
    var pythonClient = "shim"
    @Option(
        name: .customLong("interpreter"),
        help: "Use this interpreter for a runtime, e.g. python3.12=/usr/bin/python3.12 or java21=/opt/jdk-21 (a JDK home or its java; repeatable).")
    var interpreters: [String] = []
    @Option(name: .customLong("concurrency-limit"), help: "Account concurrency limit.") var concurrencyLimit = 1000
    @Option(
        name: .customLong("scale-out-limit"),
        help: "New environments a function may start per 10 seconds (Lambda: 1000), or 'off'.")
    var scaleOutLimit = "1000"
    @Option(
        name: .customLong("snapstart-spares"),
        help: "Most environments forked ahead per SnapStart version (woken at restore time); 0 forks on demand.")
    var snapStartSpares = 16
    @Option(
        name: .customLong("async-retry-scale"),
        help:
            "Multiply the retry delays of async invocations (Lambda's ~1 min, ~2 min and throttle backoff), e.g. 0.01.")
    var asyncRetryScale = 1.0
    @Option(
        name: .customLong("schedule-clock-speed"),
        help: "Testing aid: the scheduler's clock runs N times faster (60 fires rate(1 minute) every second).")
    var scheduleClockSpeed = 1.0
    @Option(name: .customLong("history-days"), help: "Days of invocation history kept (lamb history, lamb stats).")
    var historyDays = 7.0
    @Option(name: .customLong("history-max"), help: "Invocations kept in the history at most (the oldest go first).")
    var historyMax = 100_000
    @Option(
        name: .customLong("otel-endpoint"),
        help: "Export a span per invocation to this OpenTelemetry collector (OTLP/HTTP base URL, e.g. http://127.0.0.1:4318).")
    var otelEndpoint: String?
    @Option(name: .customLong("otel-protocol"), help: "http/protobuf (default) or http/json.")
    var otelProtocol = "http/protobuf"
    @Option(
        name: .customLong("prices"),
        help: "A JSON price table for lamb stats (the shape `lamb stats --print-prices` prints); default: Lambda's us-east-1 prices.")
    var pricesFile: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(
        help:
            "How environments are isolated: linux (namespaces and cgroups, needs root), process (plain processes), or auto."
    )
    var sandbox = "auto"
    @Option(
        help: ArgumentHelp(
            "How environments reach the network: host (the host's network: functions reach its services) or isolated"
                + " (a network namespace each, loopback only; needs root).",
            discussion: "See docs/security.md."))
    var network = "host"
    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "With the Linux sandbox, turn on favordynmods on the host's cgroup v2 mount (it stays on after Lamb exits).",
            discussion:
                "Joining a cgroup otherwise waits for the kernel (10-20 ms), which every cold start does. See docs/sandbox.md."))
    var cgroupFavordynmods = true
    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "With the Linux sandbox, give each environment's /tmp a disk of EphemeralStorage MB under the data directory.",
            discussion:
                "--no-tmp-disks: a tmpfs, which counts toward the function's memory. See docs/sandbox.md."))
    var tmpDisks = true

    @Option(
        name: .customLong("client-timeout"),
        help: ArgumentHelp(
            "Close a connection whose request head takes longer than this, or whose body pauses this long (default 30s).",
            visibility: .hidden))
    var clientTimeout = "30s"
    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Close a keep-alive connection idle between requests this long (default 60s).", visibility: .hidden))
    var idleTimeout = "60s"
    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp(
            "Connections each server (API, gateway) holds open at most (default 4096, or a quarter of the file limit).",
            visibility: .hidden))
    var maxConnections: Int?

    @OptionGroup(title: "Access") var access: AuthOptions
    @OptionGroup(title: "Templates") var template: TemplateOptions
    @OptionGroup(title: "AWS services (event sources, destinations, code in S3)") var aws: AWSEndpointOptions
    @Option(
        name: [.customShort("n"), .customLong("env-vars")],
        help: "Override function variables from a JSON file in SAM's format ({\"Parameters\": {...}, \"Fn\": {...}}).")
    var envVars: String?
    @Option(help: "Override function variables from a dotenv file (default: ./.env when serving a template).")
    var dotenv: String?
    @Flag(inversion: .prefixedNo, help: "Install requirements.txt / package.json dependencies of template functions.")
    var build = true
    @Flag(inversion: .prefixedNo, help: "Watch code directories and templates and apply edits while serving.")
    var watch = true
    @Flag(help: "Refuse to start when a template has anything Lamb does not emulate.") var strict = false
    @Option(
        name: .customLong("efs-map"),
        help: ArgumentHelp(
            "Mount DIR read-write at the LocalMountPath of functions whose FileSystemConfigs name this EFS access point, ARN=DIR (repeatable; needs the linux sandbox).",
            valueName: "arn=dir"))
    var efsMaps: [String] = []
    @Option(
        help: "Key set for a JWT authorizer's issuer: ISSUER=FILE or ISSUER=URL (repeatable).")
    var jwks: [String] = []
    @Option(
        name: .customLong("image-dir"),
        help: ArgumentHelp(
            "Look container images up here before any registry: REPO/TAG/ (OCI layout), REPO/TAG.tar (OCI or docker-archive) or REPO/ (OCI layout with tags); see docs/images.md.",
            valueName: "dir"))
    var imageDir: String?
    @Option(
        name: .customLong("insecure-registry"),
        help: ArgumentHelp(
            "Pull images from this registry (HOST or HOST:PORT) over plain HTTP (repeatable; loopback registries always are).",
            valueName: "host"))
    var insecureRegistries: [String] = []

    func validate() throws {
        try access.validate(host: host)
        try aws.validate()
        _ = try fileSystems()
        guard (1...65535).contains(port) || port == 0 else { throw ValidationError("--port must be 0...65535") }
        if let gatewayPort, !(0...65535).contains(gatewayPort) {
            throw ValidationError("--gateway-port must be 0...65535")
        }
        guard DurationParser.parse(keepAlive) != nil else {
            throw ValidationError("--keep-alive: expected e.g. 600, 30s, 10m")
        }
        guard DurationParser.parse(initTimeout) != nil else {
            throw ValidationError("--init-timeout: expected e.g. 10, 500ms")
        }
        for (flag, value) in [("--client-timeout", clientTimeout), ("--idle-timeout", idleTimeout)] {
            guard let duration = DurationParser.parse(value), duration > .zero else {
                throw ValidationError("\(flag): expected a positive duration, e.g. 30s, 2m, 500ms")
            }
        }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
        guard PythonRuntimeClient(rawValue: pythonClient) != nil else {
            throw ValidationError("--python-client must be shim or awslambdaric")
        }
        guard SandboxMode(rawValue: sandbox) != nil else {
            throw ValidationError("--sandbox must be auto, linux or process")
        }
        guard NetworkMode(rawValue: network) != nil else {
            throw ValidationError("--network must be host or isolated")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: unknown level \(logLevel)")
        }
        for entry in interpreters where !entry.contains("=") {
            throw ValidationError("--interpreter expects RUNTIME=PATH, got \(entry)")
        }
        guard scaleOutLimit == "off" || (Int(scaleOutLimit) ?? 0) > 0 else {
            throw ValidationError("--scale-out-limit must be a positive number or 'off'")
        }
        guard snapStartSpares >= 0 else { throw ValidationError("--snapstart-spares must be 0 or more") }
        guard asyncRetryScale > 0, asyncRetryScale.isFinite else {
            throw ValidationError("--async-retry-scale must be a positive number, e.g. 1 or 0.01")
        }
        if let pricesFile { _ = try Self.loadPrices(pricesFile) }
        guard ["http/protobuf", "http/json"].contains(otelProtocol) else {
            throw ValidationError("--otel-protocol must be http/protobuf or http/json")
        }
        if let otelEndpoint, URL(string: otelEndpoint)?.host == nil {
            throw ValidationError("--otel-endpoint must be a URL, as http://127.0.0.1:4318")
        }
        guard historyDays > 0, historyDays.isFinite, historyMax >= 0 else {
            throw ValidationError("--history-days must be positive and --history-max at least 0")
        }
        guard scheduleClockSpeed > 0, scheduleClockSpeed.isFinite else {
            throw ValidationError("--schedule-clock-speed must be a positive number, e.g. 1 or 60")
        }
        for value in jwks {
            if case .failure(let error) = JWKSOption.parse(value) { throw ValidationError("--jwks: \(error)") }
        }
        for file in [envVars, dotenv].compactMap({ $0 }) where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("no such file: \(file)")
        }
        guard concurrencyLimit >= Quotas.minimumUnreservedConcurrency else {
            throw ValidationError("--concurrency-limit must be at least \(Quotas.minimumUnreservedConcurrency)")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "lamb")
        let configuration = makeConfiguration()
        let server = try await LambServer(configuration: configuration, logger: logger) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        if let stacks = server.stacks {
            do {
                try await stacks.start()
            } catch {
                FileHandle.standardError.write(Data("lamb: \(error)\n".utf8))
                throw ExitCode(1)
            }
            FileHandle.standardOutput.write(Data(StackReport.render(stacks.currentStatus()).utf8))
        }
        let driver = server.sandbox
        let fallback = server.sandboxFallbackReason
        let cgroupMoves = server.cgroupMoves
        let available = server.runtimes.availableRuntimes
        let dataDir = dataDir
        let host = host
        var authLines = AuthOptions.summary(configuration.auth, host: host)
        let networkMode = configuration.network
        if networkMode == .isolated && configuration.auth.functionAccess != .none {
            authLines[0] += " (unreachable from functions: --network isolated)"
        }
        let accessSummary = authLines + AWSEndpointOptions.summary(configuration.aws)
        try await server.run(onReady: { port in
            var lines = [
                "Lamb listening on http://\(host):\(port)  (data: \(dataDir))",
                "sandbox: \(driver.name) — \(driver.guarantees.summary)",
            ]
            for name in driver.guarantees.off {
                if let reason = driver.guarantees.reasons[name] { lines.append("sandbox: \(name) off: \(reason)") }
            }
            if let fallback { lines.append("sandbox: using plain processes because \(fallback)") }
            if let cgroupMoves { lines.append("sandbox: cgroup joins are \(cgroupMoves.description)") }
            lines.append(networkMode.summary(driver: driver.name))
            if !efsMaps.isEmpty {
                lines.append(
                    driver.name == "process"
                        ? "file systems: --efs-map is not mounted with the process sandbox (it needs the linux one)"
                        : "file systems: \(efsMaps.count) EFS access point(s) mapped to local directories")
            }
            lines += accessSummary
            lines.append("runtimes: \(available.joined(separator: ", "))")
            // Unbuffered, so that scripts waiting for the first line see it at once even when stdout is a pipe.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }, onGatewayReady: { port, routes in
            var text = "Gateway listening on http://\(host):\(port)\n"
            for route in routes { text += "  \(route)\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        })
    }

    func makeConfiguration() -> ServerConfiguration {
        var c = ServerConfiguration()
        c.host = host
        c.port = port
        c.gatewayPort = gatewayPort ?? 3000
        c.gatewayAlways = gatewayPort != nil
        c.jwks = jwks.compactMap {
            try? JWKSOption.parse($0, baseDirectory: FileManager.default.currentDirectoryPath).get()
        }
        c.dataDirectory = URL(fileURLWithPath: dataDir)
        c.engine.account = AccountContext(region: region, accountId: accountId)
        c.engine.keepAlive = DurationParser.parse(keepAlive)!
        c.engine.initTimeout = DurationParser.parse(initTimeout)!
        let environment = ProcessInfo.processInfo.environment
        c.engine.hostPath = environment["PATH"] ?? c.engine.hostPath
        c.engine.credentials = environment.filter {
            ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].contains($0.key)
        }
        c.engine.concurrencyLimit = concurrencyLimit
        c.engine.scaleOutLimit = Int(scaleOutLimit)
        c.engine.snapStartSpares = snapStartSpares
        c.engine.fileSystems = (try? fileSystems()) ?? [:]
        c.pythonClient = PythonRuntimeClient(rawValue: pythonClient)!
        c.sandboxMode = SandboxMode(rawValue: sandbox)!
        c.favorCgroupMoves = cgroupFavordynmods
        c.tmpDisks = tmpDisks
        c.network = NetworkMode(rawValue: network)!
        c.async.retryScale = asyncRetryScale
        c.scheduleClockSpeed = scheduleClockSpeed
        c.history = InvocationHistory.Retention(days: historyDays, maximum: historyMax)
        c.otelEndpoint = otelEndpoint
        c.eventTemplates = GenerateEventCommand.templates()
        c.otelProtocol = otelProtocol
        // Checked in `validate()`.
        if let pricesFile, let prices = try? Self.loadPrices(pricesFile) { c.prices = prices }
        c.stacks = makeStackConfiguration(environment: environment)
        c.auth = access.configuration()
        c.aws = aws.configuration(environment: environment)
        c.s3Directories = (try? aws.bucketDirectories()) ?? [:]
        c.layerFiles = (try? aws.layerFiles()) ?? [:]
        c.imageDirectory = imageDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        c.insecureRegistries = Set(insecureRegistries)
        c.connections.clientTimeout = DurationParser.parse(clientTimeout)!
        c.connections.idleTimeout = DurationParser.parse(idleTimeout)!
        if let maxConnections { c.connections.maxConnections = maxConnections }
        for entry in interpreters {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            c.interpreterOverrides[parts[0]] = parts[1]
        }
        return c
    }
}

extension ServeCommand {
    func makeStackConfiguration(environment: [String: String]) -> StackConfiguration {
        var stacks = StackConfiguration()
        stacks.templates = template.resolvedTemplates()
        stacks.stackName = template.stackName
        stacks.parameterOverrides = (try? ParameterOverrides.parse(template.parameterOverrides)) ?? [:]
        stacks.environmentVariablesFile = envVars
        let defaultDotenv = FileManager.default.fileExists(atPath: ".env") ? ".env" : nil
        stacks.dotenvFile = dotenv ?? (stacks.isEnabled ? defaultDotenv : nil)
        stacks.buildDependencies = build
        stacks.watch = watch
        stacks.strict = strict
        stacks.buildEnvironment = environment
        return stacks
    }
}

/// Parses `600`, `30s`, `500ms`, `10m`, `1h`.
enum DurationParser {
    static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0 else { return nil }
            return .milliseconds(Int64(value * factor * 1000))
        }
        guard let value = Double(text), value >= 0 else { return nil }
        return .milliseconds(Int64(value * 1000))
    }
}

extension ServeCommand {
    /// `--prices FILE`, read as the built-in table's JSON shape.
    static func loadPrices(_ path: String) throws -> LambdaPrices {
        do {
            return try JSONDecoder().decode(LambdaPrices.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("--prices \(path): not a price table (\(error)); `lamb stats --print-prices` prints one")
        }
    }
}

extension ServeCommand {
    /// `--efs-map` entries: access point ARN to an existing directory's absolute path.
    func fileSystems() throws -> [String: String] {
        var directories: [String: String] = [:]
        for entry in efsMaps {
            let (arn, directory): (String, String)
            do { (arn, directory) = try FileSystemMappings.parse(entry) } catch let error as LambError {
                throw ValidationError(error.message)
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else { throw ValidationError("--efs-map \(entry): \(directory) is not a directory") }
            directories[arn] = URL(fileURLWithPath: directory).standardizedFileURL.path
        }
        return directories
    }
}
