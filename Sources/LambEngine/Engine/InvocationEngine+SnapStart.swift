import Foundation
import LambCore
import LambRuntimeAPI
import Logging
import NIOCore
import Synchronization

/// SnapStart: a published version's runtime is initialised once as a template (`snap-start`), and its cold starts
/// are forks of that template instead of new inits (docs/versions.md).
extension InvocationEngine {
    typealias SnapStartKey = SnapStartBook<ExecutionEnvironment, SnapStartSpare>.Key

    /// Whether cold starts of `definition` restore from a template: published versions of Python functions with
    /// `SnapStart.ApplyOn = PublishedVersions` (Lamb's Python runtime implements the restore protocol).
    public static func usesSnapStart(_ definition: FunctionDefinition) -> Bool {
        definition.version != FunctionDefinition.latest && definition.settings.snapStartApplyOn == "PublishedVersions"
            && definition.settings.runtime.hasPrefix("python")
    }

    /// The snapshot state of a SnapStart version (`nil` for versions without SnapStart).
    public func snapStartState(function: String, version: String) -> SnapStartState? {
        core.withLock { $0.snapStart.state(SnapStartKey(function: function, version: version)) }
    }

    /// Starts preparing the template of `definition`: the version is `Pending` from now on, and `Active` or `Failed`
    /// once the template's init (and before-snapshot hooks) ended.
    public func startSnapStart(_ definition: FunctionDefinition) {
        let key = SnapStartKey(function: definition.name, version: definition.version)
        let (generation, replaced) = core.withLock { $0.snapStart.begin(key) }
        retire(.init(environments: replaced.templates, spares: replaced.spares))
        background.spawn { await self.prepareTemplate(definition, key: key, generation: generation) }
    }

    private func prepareTemplate(_ definition: FunctionDefinition, key: SnapStartKey, generation: Int) async {
        let started: StartedEnvironment
        do {
            started = try await start(definition, as: .snapStartTemplate)
        } catch {
            finishTemplate(
                key, generation: generation,
                state: .failed(reasonCode: "FunctionError", reason: "Lamb could not start the snapshot: \(error.message)"),
                template: nil)
            return
        }
        let env = started.environment
        guard let failure = started.failure else {
            if finishTemplate(key, generation: generation, state: .active, template: env) {
                fillSpares(key, generation: generation)
            } else {
                await env.kill()
            }
            return
        }
        await env.kill()
        let state: SnapStartState =
            if failure.timedOut {
                .failed(reasonCode: "FunctionError.InitTimeout", reason: "The snapshot's init timed out.")
            } else if case .reported = failure.cause {
                .failed(
                    reasonCode: "FunctionError.RuntimeInitError",
                    reason: "\(failure.headerType ?? failure.errorType): "
                        + "\(failure.reportedType.map { "\($0): " } ?? "")\(failure.reportedMessage ?? "")")
            } else {
                .failed(
                    reasonCode: "FunctionError.RuntimeInitError",
                    reason: "The snapshot's runtime failed: \(failure.errorType)")
            }
        finishTemplate(key, generation: generation, state: state, template: nil)
    }

    @discardableResult
    private func finishTemplate(
        _ key: SnapStartKey, generation: Int, state: SnapStartState, template: ExecutionEnvironment?
    ) -> Bool {
        core.withLock { $0.snapStart.finish(key, generation: generation, state: state, template: template) }
    }

    /// A cold start of a SnapStart version: wake a spare (or fork the template), wait for the after-restore hooks,
    /// then invoke.
    func restoreStart(_ definition: FunctionDefinition, _ request: InvocationRequest) async throws(LambError)
        -> InvocationResponse
    {
        let key = SnapStartKey(function: definition.name, version: definition.version)
        let (state, template) = core.withLock { $0.snapStart.template(key) } ?? (.pending, nil)
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
        let spare = core.withLock { $0.snapStart.beginRestore(key, now: context.clock.now()) }
        defer {
            // The version's spares are made up again once no restore of it is under way.
            let generation = core.withLock { state in
                state.snapStart.endRestore(key)
                return state.snapStart.generation(key)
            }
            if let generation { fillSpares(key, generation: generation) }
        }
        let started = try await start(definition, as: .restore(spare: spare, template: template))
        let env = started.environment
        guard let failure = started.failure else {
            env.log.platform(PlatformLog.restoreReport(durationMs: started.durationMs))
            return await run(request, on: env, coldStart: nil, restoreMs: started.durationMs)
        }
        // The restore failed: its log says so, and the environment leaves the pool (the caller gives back the
        // invocation's unit of concurrency when the error reaches it).
        let status: InvocationReport.Status =
            switch failure.cause {
            case .reported: .error(type: "Runtime.AfterRestoreError")
            case .runtime(.timedOut): .timeout
            case .runtime: .error(type: "Runtime.ExitError")
            }
        env.log.platform(PlatformLog.restoreReport(durationMs: started.durationMs, status: status))
        _ = env.log.endCapture()
        core.withLock { $0.environmentLost(env) }
        await env.kill()
        switch failure.cause {
        case .reported:
            throw LambError(
                .snapStartException,
                "An after-restore hook failed: \(failure.reportedType ?? "Runtime.AfterRestoreError"): "
                    + (failure.reportedMessage ?? ""))
        case .runtime(.timedOut):
            throw LambError(.snapStartTimeout, "Restoring the snapshot did not finish within 10 seconds.")
        case .runtime(let runtimeFailure):
            throw LambError(.snapStartException, "The restored runtime failed: \(runtimeFailure)")
        }
    }

    /// The environment a restore serves from: a parked spare woken, or else a fork of `template` made now.
    func restoredEnvironment(spare: SnapStartSpare?, template: ExecutionEnvironment) async throws
        -> ExecutionEnvironment
    {
        // A spare that died while parked is dropped; the next one (or a fork) serves instead.
        var spare = spare
        while let unusable = spare, !unusable.isUsable {
            retire(.init(spares: [unusable]))
            let key = SnapStartKey(function: template.definition.name, version: template.definition.version)
            spare = core.withLock { $0.snapStart.takeSpare(key) }
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
        return env
    }

    /// Forks spares for `key` in the background until it has as many as it should, one at a time and only while
    /// no restore of it is under way (a fork of a large template costs milliseconds of CPU that a restore would wait
    /// for; the last restore to end starts the filling again). At most one such task runs per version.
    func fillSpares(_ key: SnapStartKey, generation: Int) {
        guard core.withLock({ $0.snapStart.claimFilling(key, generation: generation) }) else { return }
        background.spawn { [self] in
            while case .fork(let template) = core.withLock({ $0.snapStart.nextFillStep(key, generation: generation) }) {
                do {
                    let spare = try await ExecutionEnvironment.prepareSpare(
                        from: template, context: context, logger: logger)
                    if !core.withLock({ $0.snapStart.addSpare(key, generation: generation, spare) }) {
                        await spare.discard()
                    }
                } catch {
                    logger.warning("could not fork a SnapStart spare", metadata: ["error": "\(error)"])
                    core.withLock { $0.snapStart.releaseFilling(key, generation: generation) }
                    return
                }
            }
        }
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
