import Foundation
import LambCore
import LambRuntimeAPI
import LambRuntimes
import LambSandbox
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
    private let eventLoop: any EventLoop
    let launchedAt: ContinuousClock.Instant
    private let lastUsed: Mutex<ContinuousClock.Instant>

    private init(
        id: String, definition: FunctionDefinition, mailbox: RuntimeMailbox, log: EnvironmentLog,
        server: RuntimeAPIServer, process: any SandboxedProcess, outputFD: Int32, eventLoop: any EventLoop,
        launchedAt: ContinuousClock.Instant
    ) {
        self.id = id
        self.definition = definition
        self.mailbox = mailbox
        self.log = log
        self.server = server
        self.process = process
        self.outputFD = outputFD
        self.eventLoop = eventLoop
        self.launchedAt = launchedAt
        self.lastUsed = Mutex(launchedAt)
    }

    /// Starts the runtime. Init is then under way; `awaitInit` tells how it ends.
    static func launch(definition: FunctionDefinition, context: EngineContext, captureInit: Bool) async throws
        -> ExecutionEnvironment
    {
        let id = Identifiers.hex(bytes: 16)
        let streamName = LogStreamName.make(version: definition.version)
        let log = EnvironmentLog(function: definition.name, streamName: streamName, archive: context.logs)
        if captureInit { log.beginCapture() }
        let mailbox = RuntimeMailbox()
        let eventLoop = context.eventLoopGroup.next()
        let server = try await RuntimeAPIServer.start(group: eventLoop, mailbox: mailbox)

        let codeDirectory = try await context.code.directory(for: definition)
        var spec = LaunchSpec(
            environmentId: id, executable: "", arguments: [], environment: [:], codeDirectory: codeDirectory,
            memorySizeMB: definition.settings.memorySize, ephemeralStorageMB: definition.settings.ephemeralStorageSize)
        let paths = context.sandbox.paths(for: spec)
        let launch: RuntimeLaunch
        do {
            launch = try context.runtimes.launch(
                runtime: definition.settings.runtime, handler: definition.settings.handler, taskRoot: paths.taskRoot,
                functionVariables: definition.settings.environment)
        } catch {
            await server.close()
            throw error
        }
        var environment = RuntimeEnvironment(
            definition: definition, account: context.configuration.account, taskRoot: paths.taskRoot,
            runtimeDirectory: context.runtimes.shimsDirectory, tmpDirectory: paths.tmp,
            runtimeAPIAddress: server.address, logStreamName: streamName, hostPath: context.configuration.hostPath)
        environment.credentials = context.configuration.credentials
        spec.executable = launch.executable
        spec.arguments = launch.arguments
        spec.environment = environment.variables(runtimeSpecific: launch.environment)

        let (readFD, writeFD) = try makePipe()
        OutputPump.shared.register(fd: readFD) { chunk in log.receive(chunk) }
        log.platform(
            PlatformLog.initStart(
                runtimeVersion: launch.runtimeVersion,
                runtimeVersionArn: "arn:aws:lambda:\(context.configuration.account.region)::runtime:lamb"))
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
        process.onExit { exit in mailbox.fail(.exited(exit)) }
        return ExecutionEnvironment(
            id: id, definition: definition, mailbox: mailbox, log: log, server: server, process: process,
            outputFD: readFD, eventLoop: eventLoop, launchedAt: launchedAt)
    }

    private static func makePipe() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SandboxError(operation: "pipe", errno: errno) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    /// Waits for the end of init, failing it after `timeout`.
    func awaitInit(timeout: Duration) async -> InitOutcome {
        let timer = schedule(after: timeout) { [mailbox] in mailbox.fail(.timedOut) }
        let outcome = await mailbox.awaitInit()
        timer.cancel()
        return outcome
    }

    /// Hands the event to the runtime and waits for the result, failing it at `deadline`.
    func invoke(_ event: InvocationEvent, deadline: ContinuousClock.Instant) async -> RuntimeOutcome {
        let timer = schedule(after: ContinuousClock.now.duration(to: deadline)) { [mailbox] in mailbox.fail(.timedOut) }
        let outcome = await mailbox.invoke(event)
        timer.cancel()
        lastUsed.withLock { $0 = .now }
        return outcome
    }

    /// Everything the runtime printed so far is in the log (call before closing an invocation's log).
    func drainOutput() {
        OutputPump.shared.drain(fd: outputFD)
    }

    var idleSince: ContinuousClock.Instant { lastUsed.withLock { $0 } }

    /// Peak memory in MB, or the configured size when the sandbox cannot measure it.
    var maxMemoryUsedMB: Int {
        guard let bytes = process.peakMemoryBytes() else { return definition.settings.memorySize }
        return Int((Double(bytes) / 1_048_576).rounded(.up))
    }

    /// Kills the process tree at once (timeouts, failed init).
    func kill() async {
        mailbox.fail(.shutDown)
        process.kill()
        await finish()
    }

    /// SIGTERM, a grace period, SIGKILL (idle shutdown, Lamb stopping).
    func shutDown(grace: Duration) async {
        mailbox.fail(.shutDown)
        await process.terminate(grace: grace)
        await finish()
    }

    private func finish() async {
        await server.close()
        process.cleanUp()
    }

    private func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Scheduled<Void> {
        let (seconds, attoseconds) = delay.components
        let nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return eventLoop.scheduleTask(in: .nanoseconds(max(0, nanos))) { action() }
    }
}
