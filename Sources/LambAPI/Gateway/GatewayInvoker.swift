import Foundation
import LambCore
import LambEngine
import LambGateway
import NIOCore
import NIOPosix
import Synchronization

/// Invokes a function for a gateway request, as API Gateway's Lambda proxy integration does: synchronously, with
/// the integration timeout of the API kind racing the function. When the integration times out the client gets the
/// kind's 504 while the function runs on to its own timeout, as on AWS.
struct GatewayInvoker: Sendable {
    let registry: FunctionRegistry
    let engine: InvocationEngine

    func invoke(function: String, qualifier: String?, kind: GatewayAPIKind, event: ByteBuffer) async
        -> GatewayInvocationOutcome
    {
        guard let timeout = GatewayLimits.of(kind).integrationTimeout else {
            return await run(function, qualifier, event, trigger: Self.trigger(kind))
        }
        // A race the caller does not wait out: when the integration times out the answer goes at once, while the
        // invocation runs on in its own task (a task group would wait for it). Both are bounded: the invocation by
        // the function's timeout, the timer by the integration's (and it is cancelled when the invocation wins).
        // On an event loop (the gateway's connections are pinned to theirs) both stay on it: the invocation's task
        // prefers the loop as its executor and the timer is the loop's, so that a route costs no more thread hops
        // than a Function URL; elsewhere they are a plain task and a sleeping one.
        let race = FirstOutcome()
        let loop = MultiThreadedEventLoopGroup.currentEventLoop
        return await withCheckedContinuation { continuation in
            race.set(continuation)
            guard let loop else {
                let timer = Task {
                    try await Task.sleep(for: timeout)
                    race.resolve(.timedOut)
                }
                Task {
                    race.resolve(await run(function, qualifier, event, trigger: Self.trigger(kind)))
                    timer.cancel()
                }
                return
            }
            let timer = loop.scheduleTask(in: TimeAmount(timeout)) { race.resolve(.timedOut) }
            Task(executorPreference: EventLoopTaskExecutor(loop)) {
                race.resolve(await run(function, qualifier, event, trigger: Self.trigger(kind)))
                timer.cancel()
            }
        }
    }

    private func run(_ function: String, _ qualifier: String?, _ event: ByteBuffer, trigger: InvocationTrigger) async
        -> GatewayInvocationOutcome
    {
        do {
            let result = try await invocation(function, qualifier: qualifier, payload: event, trigger: trigger)
            if result.functionError != nil { return .functionError }
            return .returned(Array(buffer: result.payload))
        } catch {
            return .rejected
        }
    }

    /// One synchronous invocation through the engine, as an Invoke of `function:qualifier` would run (aliases route
    /// by weight); throws Lamb's refusal (throttle, missing function). The authorizers invoke through it too.
    func invocation(
        _ function: String, qualifier: String? = nil, payload: ByteBuffer, trigger: InvocationTrigger = .authorizer
    ) async throws -> InvocationResponse {
        let reference = FunctionReference(name: function, qualifier: qualifier)
        let definition = try registry.definition(reference, draw: Identifiers.unitDraw())
        let request = InvocationRequest(
            payload: payload,
            invokedFunctionArn: registry.account.functionArn(function, qualifier: qualifier), trigger: trigger)
        return try await engine.invoke(definition, request)
    }
}

/// Resumes a continuation with the first outcome it is given and ignores the rest.
private final class FirstOutcome: Sendable {
    private let continuation = Mutex<CheckedContinuation<GatewayInvocationOutcome, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<GatewayInvocationOutcome, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resolve(_ outcome: GatewayInvocationOutcome) {
        let waiting = continuation.withLock { stored -> CheckedContinuation<GatewayInvocationOutcome, Never>? in
            defer { stored = nil }
            return stored
        }
        waiting?.resume(returning: outcome)
    }
}

extension GatewayInvoker {
    /// What the history says made a gateway invocation.
    static func trigger(_ kind: GatewayAPIKind) -> InvocationTrigger { kind == .functionURL ? .functionURL : .gateway }
}
