import Foundation
import LambCore
import LambEngine
import NIOCore

/// Invokes a mapping's function synchronously, as Lambda's pollers do (RequestResponse through the engine, so
/// concurrency limits and throttles apply as to any caller).
struct MappingInvoker: Sendable {
    let registry: FunctionRegistry
    let engine: InvocationEngine

    enum Failure: Error {
        /// The function (or its qualifier) no longer exists: the poller stops.
        case functionGone
    }

    func invoke(_ mapping: EventSourceMapping, payload: Data) async throws -> InvocationResponse {
        let reference = FunctionReference(name: mapping.functionName, qualifier: mapping.qualifier)
        let definition: FunctionDefinition
        do {
            definition = try registry.definition(reference, draw: Identifiers.unitDraw())
        } catch {
            throw Failure.functionGone
        }
        let request = InvocationRequest(
            payload: ByteBuffer(bytes: payload),
            invokedFunctionArn: registry.account.functionArn(mapping.functionName, qualifier: mapping.qualifier),
            trigger: .mapping)
        return try await engine.invoke(definition, request)
    }

    /// The function's execution role: a Kinesis record's `invokeIdentityArn`.
    func role(_ mapping: EventSourceMapping) -> String {
        let reference = FunctionReference(name: mapping.functionName, qualifier: mapping.qualifier)
        return (try? registry.definition(reference))?.settings.role ?? ""
    }

    /// The ARN the mapping invokes (qualified when it names a version or alias).
    func functionArn(_ mapping: EventSourceMapping) -> String {
        registry.account.functionArn(mapping.functionName, qualifier: mapping.qualifier)
    }

    /// How many batches of the mapping may be in flight: `ScalingConfig.MaximumConcurrency` (Lambda's default cap
    /// for SQS is 1,250 pollers), no more than the function's reserved concurrency.
    func concurrencyCap(_ mapping: EventSourceMapping) -> Int {
        var cap = mapping.maximumConcurrency ?? 1250
        if let reserved = registry.function(named: mapping.functionName)?.reservedConcurrency {
            cap = min(cap, max(reserved, 1))
        }
        return max(cap, 1)
    }
}
