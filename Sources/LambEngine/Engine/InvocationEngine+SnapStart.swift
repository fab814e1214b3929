import Foundation
import LambCore
import LambRuntimeAPI
import Logging
import NIOCore

/// SnapStart: a published version's runtime is initialised once as a template (`snap-start`), and its cold starts
/// are forks of that template instead of new inits (docs/versions.md).
extension InvocationEngine {
    /// Restores must finish (with their after-restore hooks) within this, as on Lambda.
    static let restoreTimeout = Duration.seconds(10)

    /// Whether cold starts of `definition` restore from a template: published versions of Python functions with
    /// `SnapStart.ApplyOn = PublishedVersions` (Lamb's Python runtime implements the restore protocol).
    public static func usesSnapStart(_ definition: FunctionDefinition) -> Bool {
        definition.version != FunctionDefinition.latest && definition.settings.snapStartApplyOn == "PublishedVersions"
            && definition.settings.runtime.hasPrefix("python")
    }

    /// The snapshot state of a SnapStart version (`nil` for versions without SnapStart).
    public nonisolated func snapStartState(function: String, version: String) -> SnapStartState? {
        snapStart.state(SnapStartTemplates.Key(function: function, version: version))
    }

    /// Starts preparing the template of `definition`: the version is `Pending` from now on, and `Active` or `Failed`
    /// once the template's init (and before-snapshot hooks) ended.
    public nonisolated func startSnapStart(_ definition: FunctionDefinition) {
        let key = SnapStartTemplates.Key(function: definition.name, version: definition.version)
        let (generation, replaced) = snapStart.begin(key)
        Task {
            for env in replaced { await env.kill() }
            await prepareTemplate(definition, key: key, generation: generation)
        }
    }

    private nonisolated func prepareTemplate(
        _ definition: FunctionDefinition, key: SnapStartTemplates.Key, generation: Int
    )
        async
    {
        let env: ExecutionEnvironment
        do {
            env = try await ExecutionEnvironment.launch(
                definition: definition, context: context, captureInit: false, logger: logger, snapStartTemplate: true)
        } catch {
            _ = snapStart.finish(
                key, generation: generation,
                state: .failed(reasonCode: "FunctionError", reason: "Lamb could not start the snapshot: \(error)"),
                template: nil)
            return
        }
        // Lambda gives the snapshot's init the longer of 130 s and the function's timeout.
        let timeout = Duration.seconds(max(130, definition.settings.timeout))
        let state: SnapStartState
        switch await env.awaitInit(timeout: timeout) {
        case .ready:
            if snapStart.finish(key, generation: generation, state: .active, template: env) {
                fillSpares(key, generation: generation)
            } else {
                await env.kill()
            }
            return
        case .initError(let body, let header):
            let (type, message) = ErrorJSON.typeAndMessage(in: body)
            let errorType = header ?? type ?? "Runtime.Unknown"
            state = .failed(
                reasonCode: "FunctionError.RuntimeInitError",
                reason: "\(errorType): \(type.map { "\($0): " } ?? "")\(message ?? "")")
        case .failed(.timedOut):
            state = .failed(reasonCode: "FunctionError.InitTimeout", reason: "The snapshot's init timed out.")
        case .failed(let failure):
            state = .failed(
                reasonCode: "FunctionError.RuntimeInitError", reason: "The snapshot's runtime failed: \(failure)")
        }
        env.drainOutput()
        await env.kill()
        _ = snapStart.finish(key, generation: generation, state: state, template: nil)
    }

    /// A cold start of a SnapStart version: fork its template, wait for the after-restore hooks, then invoke.
    nonisolated func restoreStart(_ definition: FunctionDefinition, _ request: InvocationRequest)
        async throws(LambError)
        -> InvocationResponse
    {
        let key = SnapStartTemplates.Key(function: definition.name, version: definition.version)
        let (state, template) = snapStart.template(key) ?? (.pending, nil)
        switch state {
        case .pending:
            throw LambError(
                .snapStartNotReady,
                "Lambda is initializing your function. It will be ready to invoke shortly.")
        case .failed:
            throw LambError.conflict(
                "The operation cannot be performed at this time. The function is currently in the following state: "
                    + "Failed"
            )
        case .active:
            break
        }
        guard let template else { throw LambError.service("The SnapStart template is gone.") }
        // Restore Duration runs from here, the decision to restore, to the restored runtime's first `/next`.
        let decidedAt = ContinuousClock.now
        let (env, outcome) = try await restoreEnvironment(key, from: template)
        let restoreMs = decidedAt.duration(to: .now).milliseconds
        switch outcome {
        case .ready:
            env.log.platform(PlatformLog.restoreReport(durationMs: restoreMs))
            return await run(request, on: env, coldStart: nil, restoreMs: restoreMs)
        case .initError(let body, _):
            let (type, message) = ErrorJSON.typeAndMessage(in: body)
            await abandon(env, restoreMs: restoreMs, status: .error(type: "Runtime.AfterRestoreError"))
            throw LambError(
                .snapStartException,
                "An after-restore hook failed: \(type ?? "Runtime.AfterRestoreError"): \(message ?? "")")
        case .failed(.timedOut):
            await abandon(env, restoreMs: restoreMs, status: .timeout)
            throw LambError(.snapStartTimeout, "Restoring the snapshot did not finish within 10 seconds.")
        case .failed(let failure):
            await abandon(env, restoreMs: restoreMs, status: .error(type: "Runtime.ExitError"))
            throw LambError(.snapStartException, "The restored runtime failed: \(failure)")
        }
    }

    /// Restores an environment of `key` (a parked spare woken, or else a fork of `template` now) and waits for its
    /// after-restore hooks; then has the version's spares made up again.
    private nonisolated func restoreEnvironment(_ key: SnapStartTemplates.Key, from template: ExecutionEnvironment)
        async throws(LambError) -> (ExecutionEnvironment, InitOutcome)
    {
        var spare = snapStart.beginRestore(key)
        defer {
            snapStart.endRestore(key)
            if let generation = snapStart.generation(key) { fillSpares(key, generation: generation) }
        }
        // A spare that died while parked is dropped; the next one (or a fork) serves instead.
        while let unusable = spare, !unusable.isUsable {
            Task { await unusable.discard() }
            spare = snapStart.takeSpare(key)
        }
        let env: ExecutionEnvironment
        if let spare {
            env = spare.environment
        } else {
            do {
                env = try await ExecutionEnvironment.restore(from: template, context: context, logger: logger)
            } catch {
                throw LambError.service("Lamb could not restore an execution environment: \(error)")
            }
        }
        env.log.platform(PlatformLog.restoreStart(runtimeVersion: env.definition.settings.runtime))
        // A spare is woken first, so that its restore runs while Lamb does its own bookkeeping. One whose FIFO cannot
        // be written to fails its restore like a runtime that died.
        if let spare, !spare.wake() { env.mailbox.fail(.exited(.exited(code: 1))) }
        guard await adopt(env) else {
            await env.kill()
            throw LambError.service("Lamb is shutting down.")
        }
        return (env, await env.awaitInit(timeout: Self.restoreTimeout))
    }

    /// Forks spares for `key` in the background until it has as many as it should, one at a time and only while
    /// no restore of it is under way (a fork of a large template costs milliseconds of CPU that a restore would wait
    /// for). At most one such task runs per version.
    nonisolated func fillSpares(_ key: SnapStartTemplates.Key, generation: Int) {
        guard snapStart.claimFilling(key, generation: generation) else { return }
        Task.detached { [self] in
            while true {
                switch snapStart.nextFillStep(key, generation: generation) {
                case .stop:
                    return
                case .wait:
                    try? await Task.sleep(for: .milliseconds(5))
                case .fork(let template):
                    do {
                        let spare = try await ExecutionEnvironment.prepareSpare(
                            from: template, context: context, logger: logger)
                        if !snapStart.addSpare(key, generation: generation, spare) { await spare.discard() }
                    } catch {
                        logger.warning("could not fork a SnapStart spare", metadata: ["error": "\(error)"])
                        snapStart.releaseFilling(key, generation: generation)
                        return
                    }
                }
            }
        }
    }

    /// Stops spares that will not be used (they hold nothing worth a graceful shutdown).
    nonisolated func discard(spares: [SnapStartSpare]) {
        for spare in spares { Task.detached { await spare.discard() } }
    }

    /// A restore that failed: its log says so, and the environment leaves the pool (the caller gives back the
    /// invocation's concurrency when the error reaches it).
    private nonisolated func abandon(_ env: ExecutionEnvironment, restoreMs: Double, status: InvocationReport.Status)
        async
    {
        env.drainOutput()
        env.log.platform(PlatformLog.restoreReport(durationMs: restoreMs, status: status))
        _ = env.log.endCapture()
        await discardLost(env)
        await env.kill()
    }

    private func discardLost(_ env: ExecutionEnvironment) {
        discard(env)
    }
}

extension PlatformLog {
    /// `RESTORE_START Runtime Version: …`, the first line of a restored environment's stream.
    public static func restoreStart(runtimeVersion: String) -> String {
        "RESTORE_START Runtime Version: \(runtimeVersion)"
    }

    /// `RESTORE_REPORT Restore Duration: … ms`, with the status of a failed restore.
    public static func restoreReport(durationMs: Double, status: InvocationReport.Status = .success) -> String {
        var line = "RESTORE_REPORT Restore Duration: \(milliseconds(durationMs)) ms"
        switch status {
        case .success: break
        case .timeout: line += "\tStatus: timeout"
        case .error(let type): line += "\tStatus: error\tError Type: \(type)"
        }
        return line
    }
}

extension ErrorJSON {
    /// `errorType` and `errorMessage` of an error JSON body.
    static func typeAndMessage(in body: NIOCore.ByteBuffer) -> (String?, String?) {
        guard let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return (nil, nil) }
        return (object["errorType"] as? String, object["errorMessage"] as? String)
    }
}
