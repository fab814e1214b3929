import Foundation
import Hummingbird
import LambAWS
import LambCore

/// Create/Get/Update/Delete/ListEventSourceMappings (`/2015-03-31/event-source-mappings/`): SQS queues, Kinesis
/// data streams and DynamoDB streams.
extension LambdaAPI {
    func addEventSourceMappingRoutes(to router: Router<BasicRequestContext>) {
        guard let mappings = eventSourceMappings else { return }
        let base = "/2015-03-31/event-source-mappings"
        router.post(RouterPath(base + "/")) { request, _ in
            await AWSResponse.handling { try await createMapping(request, mappings) }
        }
        router.get(RouterPath(base + "/")) { request, _ in
            await AWSResponse.handling { try listMappings(request, mappings) }
        }
        router.get(RouterPath(base + "/:uuid")) { _, context in
            await AWSResponse.handling {
                try AWSResponse.json(try mappingJSON(existing(context.parameters.decoded("uuid"), mappings)))
            }
        }
        router.put(RouterPath(base + "/:uuid")) { request, context in
            await AWSResponse.handling { try await updateMapping(request, context.parameters.decoded("uuid"), mappings) }
        }
        router.delete(RouterPath(base + "/:uuid")) { _, context in
            await AWSResponse.handling {
                guard let deleted = try await mappings.delete(context.parameters.decoded("uuid")) else {
                    throw Self.noMapping
                }
                return try AWSResponse.json(mappingJSON(deleted), status: .accepted)
            }
        }
    }

    private static let noMapping = LambError.notFound("The resource you requested does not exist.")

    private func existing(_ uuid: String, _ mappings: EventSourceMappings) throws -> EventSourceMapping {
        guard let mapping = mappings.mapping(uuid) else { throw Self.noMapping }
        return mapping
    }

    private func mappingJSON(_ mapping: EventSourceMapping) -> EventSourceMappingJSON {
        EventSourceMappingJSON(mapping, account: registry.account)
    }

    private func requestPatch(_ request: Request) async throws -> EventSourceMappingPatch {
        try RequestJSON.decode(EventSourceMappingRequestJSON.self, from: try await request.bodyData(limit: 256 * 1024))
            .patch
    }

    /// The function a request names, which must exist (with its qualifier).
    private func mappedFunction(_ raw: String) throws -> FunctionReference {
        let reference = try FunctionReference.parse(raw)
        guard (try? registry.definition(reference)) != nil else {
            throw LambError.functionNotFound(arn: registry.account.functionArn(reference.name, qualifier: reference.qualifier))
        }
        return reference
    }

    private func createMapping(_ request: Request, _ mappings: EventSourceMappings) async throws -> Response {
        let patch = try await requestPatch(request)
        guard let functionName = patch.functionName else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null")
        }
        guard let arn = patch.eventSourceArn, SQSQueueArn(arn) != nil || StreamSourceArn(arn) != nil else {
            throw EventSourceMappingRules.unrecognizedSource(patch.eventSourceArn)
        }
        let mapping = try await mappings.create(patch, function: try mappedFunction(functionName))
        return try AWSResponse.json(mappingJSON(mapping), status: .accepted)
    }

    private func updateMapping(_ request: Request, _ uuid: String, _ mappings: EventSourceMappings) async throws
        -> Response
    {
        let patch = try await requestPatch(request)
        let current = try existing(uuid, mappings)
        guard current.state != .deleting else {
            throw LambError.conflict("The event source mapping is being deleted: \(uuid)")
        }
        let reference = try patch.functionName.map(mappedFunction)
        let next = try EventSourceMappingRules.merging(
            patch, into: current, functionName: reference?.name, qualifier: reference?.qualifier, now: Date())
        try await mappings.save(next)
        return try AWSResponse.json(mappingJSON(next), status: .accepted)
    }

    private func listMappings(_ request: Request, _ mappings: EventSourceMappings) throws -> Response {
        let parameters = request.uri.queryParameters
        var all = mappings.all()
        if let arn = parameters.get("EventSourceArn") {
            all = all.filter { $0.eventSourceArn == arn }
        }
        if let raw = parameters.get("FunctionName") {
            let reference = try FunctionReference.parse(raw)
            all = all.filter {
                $0.functionName == reference.name && (reference.qualifier == nil || $0.qualifier == reference.qualifier)
            }
        }
        let page = try ListPage(all, key: \.uuid, query: request)
        return try AWSResponse.json(
            EventSourceMappingListJSON(EventSourceMappings: page.items.map(mappingJSON), NextMarker: page.nextMarker))
    }
}
