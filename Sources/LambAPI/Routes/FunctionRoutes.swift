import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambEngine
import Logging

/// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
/// UpdateFunctionConfiguration, DeleteFunction.
extension LambdaAPI {
    /// CreateFunction carries the zip base64-encoded inside JSON: 50 MB of zip is ~70 MB of body.
    static let createBodyLimit = 70 * 1024 * 1024

    func addFunctionRoutes(to router: Router<BasicRequestContext>) {
        router.post("/2015-03-31/functions") { request, context in
            await AWSResponse.handling { try await createFunction(request, context) }
        }
        router.get("/2015-03-31/functions") { request, _ in
            await AWSResponse.handling { try listFunctions(request) }
        }
        router.get("/2015-03-31/functions/:name") { request, context in
            await AWSResponse.handling { try await getFunction(request, context) }
        }
        router.get("/2015-03-31/functions/:name/configuration") { request, context in
            await AWSResponse.handling {
                let (_, definition) = try lookUp(context, qualifier: request.uri.queryParameters.get("Qualifier"))
                return await notingUnemulated(try AWSResponse.json(configuration(definition, .settled)), definition)
            }
        }
        router.put("/2015-03-31/functions/:name/code") { request, context in
            await AWSResponse.handling { try await updateCode(request, context) }
        }
        router.put("/2015-03-31/functions/:name/configuration") { request, context in
            await AWSResponse.handling { try await updateConfiguration(request, context) }
        }
        router.delete("/2015-03-31/functions/:name") { request, context in
            await AWSResponse.handling {
                let qualifier = request.uri.queryParameters.get("Qualifier")
                let reference = try FunctionReference.parse(context.parameters.decoded("name"), qualifier: qualifier)
                if let q = reference.qualifier {
                    // With a qualifier, DeleteFunction deletes that one version.
                    try await registry.deleteVersion(name: reference.name, qualifier: q)
                    return AWSResponse.empty(status: .noContent)
                }
                try await registry.delete(name: reference.name)
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    /// Says which of a function's EFS access points no `--efs-map` directory stands for: their mount paths will
    /// not exist inside its environments.
    func noteUnmappedFileSystems(_ definition: FunctionDefinition, _ context: BasicRequestContext) {
        let unmapped = FileSystemMappings.unmapped(definition.settings.fileSystemConfigs, in: engine.fileSystems)
        if unmapped.isEmpty { return }
        context.logger.notice(
            "file system not mounted: no --efs-map ARN=DIR for it",
            metadata: ["function.name": "\(definition.name)", "access.points": "\(unmapped.joined(separator: ", "))"])
    }

    /// Resolves the `:name` path parameter (and an optional qualifier) to a stored function and the version the
    /// qualifier names (`$LATEST` without one; an alias's primary version).
    func lookUp(_ context: BasicRequestContext, qualifier: String? = nil) throws
        -> (record: FunctionRecord, definition: FunctionDefinition)
    {
        let reference = try FunctionReference.parse(context.parameters.decoded("name"), qualifier: qualifier)
        let record = try registry.require(reference.name)
        return (record, try registry.definition(reference))
    }

    private func createFunction(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try RequestJSON.decode(CreateFunctionJSON.self, from: try await request.bodyData(limit: Self.createBodyLimit))
        guard let rawName = body.FunctionName else {
            throw LambError.invalidParameter("FunctionName is required.")
        }
        let name = try FunctionReference.parse(rawName, allowQualifier: false).name
        let packageType = try body.PackageType.map(PackageType.parse) ?? .zip
        try UnemulatedFeatures.refuse(publishTo: body.PublishTo)
        guard let code = body.Code else { throw LambError.invalidParameter("Code is required.") }
        // The code signing configuration must exist; it is stored with the function, and no signature is checked.
        var codeSigningConfig: String?
        if let arn = body.CodeSigningConfigArn {
            codeSigningConfig = try await registry.codeSigningConfigIdForFunction(arn)
        }
        let record: FunctionRecord
        if packageType == .image {
            var patch = try body.settings.patch
            patch.packageType = .image
            // The settings are checked before the image is pulled: a bad request costs no download.
            _ = try FunctionSettings.creating(from: patch, runtimes: registry.runtimes)
            record = try await registry.create(
                name: name, patch: patch, imageUri: try code.upload.requiredImageUri(), tags: body.Tags ?? [:],
                codeSigningConfig: codeSigningConfig)
        } else {
            let zip = try await code.upload.bytes(from: codeSource)
            record = try await registry.create(
                name: name, patch: body.settings.patch, zip: zip, tags: body.Tags ?? [:],
                codeSigningConfig: codeSigningConfig)
        }
        context.logger.info("function created", metadata: ["function.name": "\(name)"])
        noteUnmappedFileSystems(record.latest, context)
        if let codeSigningConfig { logCodeSigningNotice(codeSigningConfig, function: name, context.logger) }
        let shown = try await publishing(name, body.Publish) ?? record.latest
        return try AWSResponse.json(configuration(shown, .created), status: .created)
    }

    private func listFunctions(_ request: Request) throws -> Response {
        struct Page: Encodable {
            var Functions: [FunctionConfigurationJSON]
            var NextMarker: String?
        }
        let query = request.uri.queryParameters
        if query.get("FunctionVersion") == "ALL" { return try listAllVersions(request) }
        var pageSize = Quotas.listPageSize
        if let raw = query.get("MaxItems") {
            guard let value = Int(raw), (1...10000).contains(value) else {
                throw LambError.invalidParameter("1 validation error detected: Value '\(raw)' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000")
            }
            pageSize = min(value, Quotas.listPageSize)
        }
        var functions = registry.allFunctions()
        if let marker = query.get("Marker"), !marker.isEmpty {
            guard let after = ListMarker.decode(marker) else {
                throw LambError.invalidParameter("The marker is not valid.")
            }
            functions = functions.filter { $0.name > after }
        }
        let page = Array(functions.prefix(pageSize))
        let next = functions.count > pageSize ? page.last.map { ListMarker.encode($0.name) } : nil
        return try AWSResponse.json(
            Page(
                Functions: page.map { configuration($0.latest, .listed) },
                NextMarker: next))
    }

    private func getFunction(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        struct Code: Encodable {
            var RepositoryType = "S3"
            var Location: String?
            var ImageUri: String?
            var ResolvedImageUri: String?
        }
        struct Output: Encodable {
            var Configuration: FunctionConfigurationJSON
            var Code: Code
            var Tags: [String: String]?
            var Concurrency: ConcurrencyJSON?
        }
        let (record, definition) = try lookUp(context, qualifier: request.uri.queryParameters.get("Qualifier"))
        let host = request.head.authority ?? "127.0.0.1"
        let response = try AWSResponse.json(
            Output(
                Configuration: configuration(definition, .settled),
                Code: definition.image.map {
                    Code(RepositoryType: "ECR", ImageUri: $0.uri, ResolvedImageUri: $0.resolvedUri)
                } ?? Code(Location: codeLocation(host: host, definition)),
                Tags: record.tags.isEmpty ? nil : record.tags,
                Concurrency: record.reservedConcurrency.map { ConcurrencyJSON(ReservedConcurrentExecutions: $0) }))
        return await notingUnemulated(response, definition)
    }

    private func updateCode(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
        let body = try RequestJSON.decode(UpdateFunctionCodeJSON.self, from: try await request.bodyData(limit: Self.createBodyLimit))
        try UnemulatedFeatures.refuse(publishTo: body.PublishTo)
        let record: FunctionRecord
        if body.ImageUri != nil || registry.function(named: name)?.latest.settings.isImage == true {
            record = try await registry.updateCode(
                name: name, imageUri: try body.upload.requiredImageUri(), revisionId: body.RevisionId,
                dryRun: body.DryRun ?? false)
        } else {
            let zip = try await body.upload.bytes(from: codeSource)
            record = try await registry.updateCode(
                name: name, zip: zip, revisionId: body.RevisionId, dryRun: body.DryRun ?? false)
        }
        context.logger.info("function code updated", metadata: ["function.name": "\(name)"])
        if body.DryRun != true, let id = try? await registry.codeSigningConfigId(function: name) {
            logCodeSigningNotice(id, function: name, context.logger)
        }
        if body.DryRun != true, let version = try await publishing(name, body.Publish) {
            return try AWSResponse.json(configuration(version, .updated))
        }
        return try AWSResponse.json(configuration(record.latest, .updated))
    }

    private func updateConfiguration(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
        let body = try RequestJSON.decode(SettingsJSON.self, from: try await request.bodyData(limit: 1024 * 1024))
        let record = try await registry.updateConfiguration(name: name, patch: body.patch, revisionId: body.RevisionId)
        context.logger.info("function configuration updated", metadata: ["function.name": "\(name)"])
        noteUnmappedFileSystems(record.latest, context)
        return try AWSResponse.json(configuration(record.latest, .updated))
    }
}

/// ListFunctions markers: opaque to clients (base64 of the last name returned), as Lambda's are.
enum ListMarker {
    static func encode(_ name: String) -> String { Data(name.utf8).base64EncodedString() }

    static func decode(_ marker: String) -> String? {
        Data(base64Encoded: marker).map { String(decoding: $0, as: UTF8.self) }
    }
}
