import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambEngine
import LambImages
import LambStore
import NIOCore

/// Lamb's own endpoints under `/_lamb/v1`: health, function logs, code download.
extension LambdaAPI {
    func addLambRoutes(to router: Router<BasicRequestContext>) {
        router.get("/_lamb/v1/health") { _, _ in
            await AWSResponse.handling {
                struct Health: Encodable { var status = "ok" }
                return try AWSResponse.json(Health())
            }
        }
        // `?offset=N&limit=M`: events from byte offset N of the function's log group, and the offset to go on from.
        router.get("/_lamb/v1/functions/:name/logs") { request, context in
            await AWSResponse.handling {
                struct Output: Encodable {
                    var events: [LogEvent]
                    var nextOffset: UInt64
                }
                let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
                let query = request.uri.queryParameters
                let offset = query.get("offset").flatMap(UInt64.init) ?? 0
                let limit = query.get("limit").flatMap(Int.init) ?? 10_000
                let (events, next) = registry.logEvents(function: name, from: offset, limit: limit)
                return try AWSResponse.json(Output(events: events, nextOffset: next))
            }
        }
        router.get("/_lamb/v1/functions/:name/code") { request, context in
            await AWSResponse.handling {
                let (_, definition) = try lookUp(context, qualifier: request.uri.queryParameters.get("Qualifier"))
                let data = try registry.blobs.data(for: definition.code)
                return Response(
                    status: .ok, headers: [.contentType: "application/zip"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
        // The image cache (`lamb images`): every unpacked image and the function versions that use it.
        router.get("/_lamb/v1/images") { _, _ in
            await AWSResponse.handling {
                struct Output: Encodable { var images: [ImageSummary] }
                return try AWSResponse.json(Output(images: await registry.imageSummaries()))
            }
        }
        // `lamb images prune`: removes the images no function version uses; answers with what it removed.
        router.post("/_lamb/v1/images/prune") { _, _ in
            await AWSResponse.handling {
                struct Output: Encodable { var removed: [ImageSummary] }
                return try AWSResponse.json(Output(removed: await registry.pruneImages()))
            }
        }
        // The templates `lamb serve` was given, their functions by logical id, and what Lamb does not emulate.
        router.get("/_lamb/v1/stacks") { _, _ in
            await AWSResponse.handling {
                struct Output: Encodable { var stacks: [StackStatus] }
                return try AWSResponse.json(Output(stacks: stacks?.currentStatus() ?? []))
            }
        }
        // Requests the signature gate refused arrive here as this route, in their turn on their connection.
        router.get("/_lamb/v1/refused") { request, _ in
            let names = SignedRequestGate.refusalHeaders
            guard let type = request.headers[HTTPField.Name(names.type)!], !type.isEmpty else {
                return AWSResponse.error(LambError(.resourceNotFound, "Not found."))
            }
            let message = request.headers[HTTPField.Name(names.message)!]?.removingPercentEncoding ?? ""
            // Refusals are 4xx. On a connection the gate does not watch, these headers are the client's own: any
            // other number (HTTPTypes traps on codes outside 100...999) is answered as a plain refusal.
            let status = request.headers[HTTPField.Name(names.status)!].flatMap(Int.init)
                .flatMap { (400...499).contains($0) ? $0 : nil } ?? 403
            let body = (try? JSONSerialization.data(withJSONObject: ["message": message])) ?? Data()
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json", .amznRequestId: Identifiers.requestId(), .amznErrorType: type],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        // `?function=NAME` narrows the list to one function.
        router.get("/_lamb/v1/environments") { request, _ in
            await AWSResponse.handling {
                struct Sandbox: Encodable {
                    var driver: String
                    /// Guarantees this sandbox does not give, with the reason and the fix.
                    var off: [String: String]
                }
                struct Output: Encodable {
                    var environments: [EnvironmentSummary]
                    var sandbox: Sandbox
                }
                let function: String? = request.uri.queryParameters.get("function").map { String($0) }
                let report = engine.sandboxReport
                return try AWSResponse.json(
                    Output(
                        environments: registry.environments(function: function),
                        sandbox: Sandbox(driver: report.driver, off: report.off)))
            }
        }
    }
}
