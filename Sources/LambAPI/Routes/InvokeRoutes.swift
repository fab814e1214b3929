import HTTPTypes
import Hummingbird
import LambCore
import LambEngine
import NIOCore

/// Invoke: `POST /2015-03-31/functions/{FunctionName}/invocations`.
///
/// Synchronous invocations on a plain HTTP/1 connection are answered before they reach the router, by
/// ``InvokeFastPath``; this route serves the other invocation types, and any request the fast path passes on.
extension LambdaAPI {
    func addInvokeRoutes(to router: Router<BasicRequestContext>) {
        router.post("/2015-03-31/functions/:name/invocations") { request, context in
            await AWSResponse.handling { try await invoke(request, context) }
        }
    }

    var syncInvocation: SyncInvocation { SyncInvocation(registry: registry, engine: engine) }

    private func invoke(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let target = try syncInvocation.target(
            functionName: context.parameters.decoded("name"), qualifier: request.uri.queryParameters.get("Qualifier"),
            headers: request.headers)
        switch try SyncInvocation.invocationType(request.headers, allowed: ["Event", "RequestResponse", "DryRun"]) {
        case "DryRun": return AWSResponse.empty(status: .noContent)
        case "Event": return try await enqueueEvent(request, target.reference)
        default: break
        }
        let payload: ByteBuffer
        do {
            payload = try await request.body.collect(upTo: Quotas.syncPayloadBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw SyncInvocation.payloadTooLarge
        }
        let (headers, body) = try await syncInvocation.run(target, headers: request.headers, payload: payload)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
