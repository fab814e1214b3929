import Foundation
import LambCore
import LambRuntimeAPI
import LambSandbox
import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Why a restore could not start.
struct RestoreError: Error, CustomStringConvertible {
    var description: String
}

extension ExecutionEnvironment {
    /// A new environment forked from a SnapStart `template`: a new Runtime API listener and log stream, its output
    /// through a FIFO in the template's `/tmp`, its own `/tmp` where the sandbox allows (see docs/versions.md).
    /// Returns once the child exists; `awaitInit` then tells how its after-restore hooks end. Like ``launch``, the
    /// blocking system calls (cgroup files, /proc scans) run off the caller's event loop.
    static func restore(from template: ExecutionEnvironment, context: EngineContext, logger: Logger) async throws
        -> ExecutionEnvironment
    {
        try await withTaskExecutorPreference(globalConcurrentExecutor) {
            try await fork(from: template, wakeFIFO: false, context: context, logger: logger).env
        }
    }

    /// A spare: an environment forked from `template` ahead of any invoke, with its own cgroup, namespaces, empty
    /// `/tmp` and Runtime API listener, whose runtime waits before reseeding and running its after-restore hooks
    /// until `SnapStartSpare.wake()` (see docs/versions.md).
    static func prepareSpare(from template: ExecutionEnvironment, context: EngineContext, logger: Logger)
        async throws -> SnapStartSpare
    {
        let (env, wakeFD) = try await fork(from: template, wakeFIFO: true, context: context, logger: logger)
        return SnapStartSpare(environment: env, wakeFD: wakeFD!)
    }

    /// Asks `template` to fork an environment; with `wakeFIFO`, one that waits on a FIFO (whose write end is
    /// returned) before the restore proper.
    private static func fork(
        from template: ExecutionEnvironment, wakeFIFO: Bool, context: EngineContext, logger: Logger
    ) async throws -> (env: ExecutionEnvironment, wakeFD: Int32?) {
        guard let channel = template.mailbox.restore, let templateNSPid = channel.runtimePid,
            let runtimePid = HostProcesses.find(namespacePid: templateNSPid, under: template.pid)
        else { throw RestoreError(description: "the SnapStart template is not running") }
        let definition = template.definition
        let id = Identifiers.hex(bytes: 16)
        let streamName = LogStreamName.make(version: definition.version)
        let log = EnvironmentLog(function: definition.name, streamName: streamName, archive: context.logs)
        log.beginCapture()
        let mailbox = RuntimeMailbox()
        let eventLoop = context.eventLoopGroup.next()
        // A restored runtime is a fork of the template's and runs as its uid, in its network (see docs/security.md).
        let network = try template.networkNamespace?.newListener()
        let admission: RuntimeAPIAdmission =
            template.runtimeUID.map { .byOwner($0, lookup: SocketPeer.lookup(in: network?.namespace)) } ?? .anyone
        let server = try await RuntimeAPIServer.start(
            group: eventLoop, mailbox: mailbox, admission: admission,
            boundSocket: network.map(RuntimeAPIServer.BoundSocket.init))

        // Paths as the template sees them, and the same files from the host through /proc/PID/root.
        let tmp = HostProcesses.environment(of: runtimePid, "TMPDIR") ?? "/tmp"
        let hostRoot = "/proc/\(runtimePid)/root"
        let fifo = "\(tmp)/.lamb-restore-\(id)"
        let scratch = "\(tmp)/restored-\(id)"
        let readFD: Int32
        let writeFD: Int32
        do {
            (readFD, writeFD) = try openFIFO(hostRoot + fifo)
        } catch {
            await server.close()
            throw error
        }
        var order: [String: Any] = [
            "id": id, "runtimeApi": server.address, "output": fifo, "tmp": scratch,
            "mountTmp": context.sandbox.guarantees.privateTmp, "tmpMB": definition.settings.ephemeralStorageSize,
        ]
        let serving: ServingPidReport
        do {
            serving = try ServingPidReport(hostRoot: hostRoot, path: "\(tmp)/.lamb-ready-\(id)", output: context.output)
        } catch {
            close(readFD)
            close(writeFD)
            unlink(hostRoot + fifo)
            await server.close()
            throw error
        }
        order["ready"] = serving.path
        // Lamb holds the wake FIFO open for reading and writing, so that the child's open never blocks and its read
        // blocks until Lamb writes.
        let wake = "\(tmp)/.lamb-wake-\(id)"
        var wakeFD: Int32?
        if wakeFIFO {
            do {
                wakeFD = try HostFIFO.make(at: hostRoot + wake, opening: O_RDWR)
            } catch {
                close(readFD)
                close(writeFD)
                unlink(hostRoot + fifo)
                serving.abandon()
                await server.close()
                throw error
            }
            order["wake"] = wake
        }
        let body = try JSONSerialization.data(withJSONObject: order)
        var limits: (any ForkedProcessLimits)?
        do {
            limits = try context.sandbox.limitsForFork(environmentId: id, memorySizeMB: definition.settings.memorySize)
        } catch {
            logger.warning("restored environment keeps its template's cgroup", metadata: ["error": "\(error)"])
        }
        context.output.register(fd: readFD) { chunk in log.receive(chunk) }
        let launchedAt = ContinuousClock.now
        // The serving process is the child, or (in a pid namespace of its own) a grandchild the child left behind,
        // which is no longer below the template's runtime: look in the whole sandbox, at the template's level.
        let level = HostProcesses.namespacePids(of: runtimePid).count - 1
        // The template reports the child it forked as soon as it has; the child reports the serving process.
        let forkedNSPid = await channel.restore(order: id, body: ByteBuffer(bytes: body))
        let childNSPid: Int32?
        if forkedNSPid == nil {
            serving.abandon()
            childNSPid = nil
        } else {
            childNSPid = await serving.value(timeout: StartKind.restoreTimeout)
            unlink(serving.hostPath)
        }
        var found = childNSPid.flatMap { HostProcesses.find(namespacePid: $0, level: level, under: template.pid) }
        // A grandchild is being reparented while its parent exits: look again, briefly.
        for _ in 0..<20 where found == nil && childNSPid != nil {
            try? await Task.sleep(for: .milliseconds(5))
            found = HostProcesses.find(namespacePid: childNSPid!, level: level, under: template.pid)
        }
        // The child opened the wake FIFO before it reported itself (or never will): its name can go.
        if wakeFIFO { unlink(hostRoot + wake) }
        guard childNSPid != nil, let childPid = found else {
            if let wakeFD { close(wakeFD) }
            close(writeFD)
            unlink(hostRoot + fifo)
            limits?.release()
            await server.close()
            throw RestoreError(
                description: childNSPid.map { "the restored process \($0) was not found" }
                    ?? "the SnapStart template did not restore an environment")
        }
        let process = RestoredProcess(
            pid: childPid, keepOpenFD: writeFD, scratch: hostRoot + scratch, fifo: hostRoot + fifo, limits: limits,
            inheritedMemoryBytes: template.peakMemory.peakBytes ?? 0, exits: context.exits)
        var envLogger = logger
        envLogger[metadataKey: "env.id"] = "\(id)"
        envLogger[metadataKey: "function.name"] = "\(definition.name)"
        let env = ExecutionEnvironment(
            id: id, definition: definition, mailbox: mailbox, log: log, server: server, process: process,
            outputFD: readFD, output: context.output, eventLoop: eventLoop, launchedAt: launchedAt,
            logger: envLogger, provisioning: nil, initializationType: "snap-start",
            networkNamespace: network?.namespace)
        process.onExit { exit in mailbox.fail(.exited(exit)) }
        return (env, wakeFD)
    }

    /// A FIFO the child writes its output to: Lamb opens the read end, and a write end of its own so that the reader
    /// sees no end of file until the child is gone.
    private static func openFIFO(_ path: String) throws -> (Int32, Int32) {
        let readFD = try HostFIFO.make(at: path, opening: O_RDONLY)
        let writeFD = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard writeFD >= 0 else {
            close(readFD)
            throw SandboxError(operation: "open fifo", errno: errno)
        }
        return (readFD, writeFD)
    }
}
