import Foundation
import LambCore
import LambRuntimeAPI
import LambRuntimes
import LambSandbox
import Logging
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One execution environment: a runtime process tree in its sandbox, its Runtime API listener and its log stream.
/// It serves one invocation at a time; the pool guarantees that.
final class ExecutionEnvironment: Sendable {
    let id: String
    let definition: FunctionDefinition
    let mailbox: RuntimeMailbox
    let log: EnvironmentLog
    private let server: RuntimeAPIServer
    private let process: any SandboxedProcess
    private let outputFD: Int32
    private let output: OutputPump
    /// The loop serving the runtime's connection; the engine prefers giving a request an environment on the loop the
    /// request arrived on, which saves two thread hand-offs.
    let eventLoop: any EventLoop
    let launchedAt: ContinuousClock.Instant
    private let logger: Logger
    /// `AWS_LAMBDA_INITIALIZATION_TYPE`: `on-demand`, `provisioned-concurrency` or `snap-start`.
    let initializationType: String
    /// The provisioned concurrency configuration this environment was initialised for, if any.
    let provisioning: ProvisionTag?
    /// The network namespace its runtime is in (`--network isolated`; a SnapStart template's restores go there too).
    let networkNamespace: NetworkNamespace?

    init(
        id: String, definition: FunctionDefinition, mailbox: RuntimeMailbox, log: EnvironmentLog,
        server: RuntimeAPIServer, process: any SandboxedProcess, outputFD: Int32, output: OutputPump,
        eventLoop: any EventLoop, launchedAt: ContinuousClock.Instant, logger: Logger,
        provisioning: ProvisionTag?, initializationType: String? = nil, networkNamespace: NetworkNamespace? = nil
    ) {
        self.networkNamespace = networkNamespace
        self.id = id
        self.definition = definition
        self.mailbox = mailbox
        self.log = log
        self.server = server
        self.process = process
        self.outputFD = outputFD
        self.output = output
        self.eventLoop = eventLoop
        self.launchedAt = launchedAt
        self.logger = logger
        // The mailbox freezes the environment between invocations, as Lambda does.
        mailbox.suspend(through: SandboxSuspension(process: process, log: log, logger: logger), on: eventLoop)
        self.provisioning = provisioning
        self.initializationType = initializationType ?? (provisioning == nil ? "on-demand" : "provisioned-concurrency")
    }

    /// Starts the runtime. Init is then under way; `awaitInit` tells how it ends.
    ///
    /// The environment's Runtime API goes on the caller's event loop when the caller runs on one (a request pinned to
    /// its connection's loop: its warm invocations then stay on one thread). Starting it makes blocking system calls
    /// (spawning, cgroup files), which must not hold up that loop, since the runtime's own first requests are served
    /// there: they run on the global executor (measured: ~10 ms of a Python cold start otherwise).
    static func launch(
        definition: FunctionDefinition, context: EngineContext, captureInit: Bool, logger: Logger,
        provisioning: ProvisionTag? = nil, snapStartTemplate: Bool = false
    ) async throws -> ExecutionEnvironment {
        let eventLoop = context.currentOrNextEventLoop()
        return try await withTaskExecutorPreference(globalConcurrentExecutor) {
            try await start(
                definition: definition, context: context, captureInit: captureInit, logger: logger,
                provisioning: provisioning, snapStartTemplate: snapStartTemplate, eventLoop: eventLoop)
        }
    }

    private static func start(
        definition: FunctionDefinition, context: EngineContext, captureInit: Bool, logger: Logger,
        provisioning: ProvisionTag?, snapStartTemplate: Bool, eventLoop: any EventLoop
    ) async throws -> ExecutionEnvironment {
        let id = Identifiers.hex(bytes: 16)
        let streamName = LogStreamName.make(version: definition.version)
        let log = EnvironmentLog(function: definition.name, streamName: streamName, archive: context.logs)
        if captureInit { log.beginCapture() }
        let mailbox = RuntimeMailbox(
            snapStartTemplate: snapStartTemplate,
            extensions: ExtensionsHub(
                function: .init(
                    name: definition.name, version: definition.version, handler: definition.settings.handler,
                    accountId: context.configuration.account.accountId)))
        // With `--network isolated`, a network namespace of its own, its Runtime API already listening inside.
        let network = try context.sandbox.networkNamespaces?.take()
        let server = try await RuntimeAPIServer.start(
            group: eventLoop, mailbox: mailbox,
            admission: .byOwner(lookup: SocketPeer.lookup(in: network?.namespace), refused: { owner in
                logger.warning(
                    "refused a connection to an environment's Runtime API from another process",
                    metadata: ["env.id": "\(id)", "peer.uid": "\(owner.map { "\($0)" } ?? "unknown")"])
            }), boundSocket: network.map(RuntimeAPIServer.BoundSocket.init))

        var spec: LaunchSpec
        let runtimeVersion: String
        do {
            if definition.image != nil {
                (spec, runtimeVersion) = try await imageSpec(
                    definition: definition, id: id, context: context, serverAddress: server.address,
                    streamName: streamName, provisioning: provisioning, snapStartTemplate: snapStartTemplate)
                ExtensionLauncher.startFromImage(
                    LinuxSandbox.imageExtensions(in: spec.imageRoot ?? ""), spec: &spec, log: log,
                    hub: mailbox.extensions)
            } else {
                (spec, runtimeVersion) = try await zipSpec(
                    definition: definition, id: id, context: context, serverAddress: server.address,
                    streamName: streamName, provisioning: provisioning, snapStartTemplate: snapStartTemplate,
                    mailbox: mailbox, log: log)
            }
        } catch {
            await server.close()
            throw error
        }
        spec.networkNamespace = network?.namespace

        let (readFD, writeFD) = try makePipe()
        context.output.register(fd: readFD) { chunk in log.receive(chunk) }
        let runtimeVersionArn = "arn:aws:lambda:\(context.configuration.account.region)::runtime:lamb"
        log.platform(PlatformLog.initStart(runtimeVersion: runtimeVersion, runtimeVersionArn: runtimeVersionArn))
        let telemetry = mailbox.extensions.telemetry
        log.forward(to: telemetry)
        if telemetry.isActive {
            telemetry.emit(
                "platform",
                TelemetryEvents.initStart(
                    initializationType: snapStartTemplate ? "snap-start" : provisioning == nil ? "on-demand" : "provisioned-concurrency",
                    runtimeVersion: runtimeVersion, runtimeVersionArn: runtimeVersionArn,
                    function: definition.name, version: definition.version))
        }
        let launchedAt = ContinuousClock.now
        let process: any SandboxedProcess
        do {
            process = try context.sandbox.launch(spec, outputFD: writeFD)
        } catch {
            close(writeFD)
            await server.close()
            throw error
        }
        close(writeFD)
        if let uid = process.runtimeUID { server.admission.restrict(toOwner: uid) } else { server.admission.admitAnyone() }
        var envLogger = logger
        envLogger[metadataKey: "env.id"] = "\(id)"
        envLogger[metadataKey: "function.name"] = "\(definition.name)"
        let env = ExecutionEnvironment(
            id: id, definition: definition, mailbox: mailbox, log: log, server: server, process: process,
            outputFD: readFD, output: context.output, eventLoop: eventLoop, launchedAt: launchedAt, logger: envLogger,
            provisioning: provisioning, initializationType: snapStartTemplate ? "snap-start" : nil,
            networkNamespace: network?.namespace)
        process.onExit { exit in mailbox.fail(.exited(exit)) }
        return env
    }

    /// A .zip function's launch: its runtime from the catalogue, its code at `/var/task`, its layers at `/opt` (and
    /// their extensions started with the runtime).
    private static func zipSpec(
        definition: FunctionDefinition, id: String, context: EngineContext, serverAddress: String, streamName: String,
        provisioning: ProvisionTag?, snapStartTemplate: Bool, mailbox: RuntimeMailbox, log: EnvironmentLog
    ) async throws -> (LaunchSpec, String) {
        let codeDirectory = try await context.code.directory(for: definition)
        let optDirectory = try await context.code.layersDirectory(for: definition)
        var spec = LaunchSpec(
            environmentId: id, executable: "", arguments: [], environment: [:], codeDirectory: codeDirectory,
            runtimeDirectory: context.runtimes.shimsDirectory, memorySizeMB: definition.settings.memorySize,
            ephemeralStorageMB: definition.settings.ephemeralStorageSize, optDirectory: optDirectory)
        let paths = context.sandbox.paths(for: spec)
        let layout = RuntimeLayout(
            taskRoot: paths.taskRoot, runtimeDirectory: paths.runtimeDirectory, optDirectory: paths.optDirectory,
            hostCodeDirectory: codeDirectory, hostOptDirectory: optDirectory, languageRoot: paths.languageRoot)
        if LambdaRuntimeNames.java.contains(definition.settings.runtime) {
            // The first Java start may compile Lamb's client: waited for off the concurrency pool. A failed build is
            // remembered, and the launch below reports it.
            _ = try? await context.runtimes.javaRuntime?.prepared()
        }
        let launch = try context.runtimes.launch(
            runtime: definition.settings.runtime, handler: definition.settings.handler, layout: layout,
            functionVariables: definition.settings.environment, memorySizeMB: definition.settings.memorySize,
            initializationType: snapStartTemplate
                ? "snap-start" : provisioning == nil ? "on-demand" : "provisioned-concurrency")
        var environment = Self.environment(
            definition, context: context, paths: paths, serverAddress: serverAddress, streamName: streamName,
            provisioning: provisioning, snapStartTemplate: snapStartTemplate)
        environment.optDirectory = paths.optDirectory
        environment.languageRoot = paths.languageRoot
        environment.interpreterLibraryDirectory = launch.libraryDirectory
        spec.executable = launch.executable
        spec.arguments = launch.arguments
        // External extensions start with the runtime (SnapStart templates run none: see docs/extensions.md).
        let extensionNames = snapStartTemplate ? [] : optDirectory.map(ExtensionLauncher.executables(in:)) ?? []
        if !extensionNames.isEmpty {
            mailbox.extensions.expect(Set(extensionNames))
            ExtensionLauncher.prepend(to: &spec, paths: paths, log: log, hub: mailbox.extensions)
        }
        spec.readOnlyPaths = launch.hostPaths
        spec.binds = launch.binds + Self.mountedFileSystems(definition, context.configuration.fileSystems)
        spec.makesNamespaces = snapStartTemplate
        spec.environment = environment.variables(runtimeSpecific: launch.environment)
        return (spec, launch.runtimeVersion)
    }

    /// An image function's launch: the image's root file system as the environment's root, its ENTRYPOINT + CMD
    /// run in its WORKDIR with its ENV, after the function's `ImageConfig` (see docs/images.md).
    private static func imageSpec(
        definition: FunctionDefinition, id: String, context: EngineContext, serverAddress: String, streamName: String,
        provisioning: ProvisionTag?, snapStartTemplate: Bool
    ) async throws -> (LaunchSpec, String) {
        guard let image = definition.image, let rootfs = try await context.code.imageRoot(for: definition) else {
            throw LambError.service("Lamb has no image cache to run \(definition.name)'s container image from.")
        }
        let plan = ImageLaunchPlan(config: image.process, overrides: definition.settings.imageConfig)
        var spec = LaunchSpec(
            environmentId: id, executable: plan.arguments.first ?? "", arguments: Array(plan.arguments.dropFirst()),
            environment: [:], codeDirectory: rootfs, runtimeDirectory: context.runtimes.shimsDirectory,
            memorySizeMB: definition.settings.memorySize,
            ephemeralStorageMB: definition.settings.ephemeralStorageSize)
        spec.imageRoot = rootfs
        spec.workingDirectory = plan.workingDirectory
        var environment = Self.environment(
            definition, context: context, paths: context.sandbox.paths(for: spec), serverAddress: serverAddress,
            streamName: streamName, provisioning: provisioning, snapStartTemplate: snapStartTemplate)
        environment.image = plan
        spec.environment = environment.variables(runtimeSpecific: [:])
        return (spec, "image:" + image.codeSha256.prefix(12))
    }

    /// Lambda's variables for an environment of `definition`, common to both kinds of package.
    private static func environment(
        _ definition: FunctionDefinition, context: EngineContext, paths: SandboxPaths, serverAddress: String,
        streamName: String, provisioning: ProvisionTag?, snapStartTemplate: Bool
    ) -> RuntimeEnvironment {
        var environment = RuntimeEnvironment(
            definition: definition, account: context.configuration.account, taskRoot: paths.taskRoot,
            runtimeDirectory: paths.runtimeDirectory, tmpDirectory: paths.tmp,
            runtimeAPIAddress: serverAddress, logStreamName: streamName, hostPath: context.configuration.hostPath)
        environment.credentials =
            context.configuration.functionCredentials?(definition.name) ?? context.configuration.credentials
        environment.defaults = context.configuration.defaultVariables()
        if provisioning != nil { environment.initializationType = "provisioned-concurrency" }
        if snapStartTemplate { environment.initializationType = "snap-start" }
        return environment
    }

    var pid: Int32 { process.pid }

    /// The uid the runtime runs as, when it is this environment's own (``SandboxedProcess/runtimeUID``).
    var runtimeUID: UInt32? { process.runtimeUID }


    private static func makePipe() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SandboxError(operation: "pipe", errno: errno) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    /// Waits for the end of init, failing it after `timeout` of init's own time (see ``InitDeadline``).
    func awaitInit(timeout: Duration) async -> InitOutcome {
        let deadline = InitDeadline(
            limit: timeout, eventLoop: eventLoop, waitSoFar: { [process] in process.runQueueWaitNanoseconds() },
            expire: { [mailbox] in
                mailbox.fail(.timedOut)
                mailbox.extensions.close(.timedOut)
            })
        var outcome = await mailbox.awaitInit()
        // Init is over when the runtime and every extension have called their `next`.
        if case .ready = outcome, let failure = await mailbox.extensions.awaitInit() {
            outcome = failure == .timedOut && mailbox.failure == .timedOut ? .failed(.timedOut) : Self.initError(failure)
        }
        deadline.cancel()
        if case .ready = outcome { process.initFinished() }
        return outcome
    }

    /// An extension's failure as the init error the invocation reports.
    static func initError(_ failure: ExtensionFailure) -> InitOutcome {
        let body = FunctionErrorPayload.json(type: failure.errorType, message: failure.message).json
        return .initError(body: ByteBuffer(string: body), errorTypeHeader: failure.errorType)
    }

    /// Hands `INVOKE` to the extensions subscribed to it.
    func notifyExtensions(_ event: InvocationEvent) {
        mailbox.extensions.invoke(event)
    }

    /// Waits until every extension subscribed to `INVOKE` is done with the invocation (it called `/event/next`
    /// again), failing them at `deadline`; the failure that ended them, if any.
    func awaitExtensions(deadline: ContinuousClock.Instant) async -> ExtensionFailure? {
        let hub = mailbox.extensions
        guard hub.isActive else { return nil }
        let timer = schedule(after: ContinuousClock.now.duration(to: deadline)) { hub.close(.timedOut) }
        let failure = await hub.awaitInvokeDone()
        timer.cancel()
        return failure
    }

    /// `SHUTDOWN` to the extensions subscribed to it, with Lambda's 2 s for them to finish.
    private func shutDownExtensions(reason: String) async {
        let hub = mailbox.extensions
        guard hub.isActive else { return }
        // An idle environment is frozen: its extensions could not answer.
        try? process.thaw()
        let deadlineMs = Int64(Date().timeIntervalSince1970 * 1000) + 2000
        let timer = schedule(after: .seconds(2)) { hub.close(.timedOut) }
        await hub.shutDown(reason: reason, deadlineMs: deadlineMs)
        timer.cancel()
    }

    /// Hands the event to the runtime and waits for the result, failing it at `deadline` (also when the result is a
    /// stream that has not ended by then).
    func invoke(_ event: InvocationEvent, deadline: ContinuousClock.Instant) async -> RuntimeOutcome {
        let timer = schedule(after: ContinuousClock.now.duration(to: deadline)) { [mailbox] in mailbox.fail(.timedOut) }
        let outcome = await mailbox.invoke(event)
        // A streamed response is still under way: the deadline holds until it ends.
        if case .streaming(let stream) = outcome { stream.onEnd { timer.cancel() } } else { timer.cancel() }
        return outcome
    }

    /// Everything the runtime printed so far is in the log (call before closing an invocation's log).
    func drainOutput() {
        output.drain(fd: outputFD)
    }

    /// What the sandbox measured of the environment's peak memory.
    var peakMemory: MemoryMeasurement { process.peakMemory() }

    /// `Max Memory Used` in MB as a microVM would count it (see ``MemoryMeasurement``); `nil` when the sandbox could
    /// measure nothing, never the configured size in its place.
    var maxMemoryUsedMB: Int? { process.peakMemory().peakMegabytes }

    /// What REPORT prints: Lambda always prints a number, so an unmeasured environment shows 0 MB (docs/sandbox.md).
    var reportedMaxMemoryUsedMB: Int { maxMemoryUsedMB ?? 0 }

    /// Kills the process tree at once (timeouts, failed init).
    func kill(reason: String = "failure") async {
        mailbox.fail(.shutDown)
        await shutDownExtensions(reason: reason)
        process.kill()
        await finish()
    }

    /// SIGTERM, a grace period, SIGKILL (idle shutdown, Lamb stopping); extensions get `SHUTDOWN` first.
    func shutDown(grace: Duration) async {
        mailbox.fail(.shutDown)
        await shutDownExtensions(reason: "spindown")
        await process.terminate(grace: grace)
        await finish()
    }

    private func finish() async {
        mailbox.extensions.closeTelemetry()
        await server.close()
        process.cleanUp()
    }

    private func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Scheduled<Void> {
        eventLoop.scheduleTask(in: .nanoseconds(delay.wholeNanoseconds)) { action() }
    }
}
