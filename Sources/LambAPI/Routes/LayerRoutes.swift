import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambStore
import Logging
import NIOCore

/// PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers, ListLayerVersions, DeleteLayerVersion
/// (`/2018-10-31/layers`), and the download of a layer's content.
extension LambdaAPI {
    func addLayerRoutes(to router: Router<BasicRequestContext>) {
        router.post("/2018-10-31/layers/:layer/versions") { request, context in
            await AWSResponse.handling { try await publishLayerVersion(request, context) }
        }
        router.get("/2018-10-31/layers/:layer/versions") { request, context in
            await AWSResponse.handling { try listLayerVersions(request, context) }
        }
        router.get("/2018-10-31/layers/:layer/versions/:version") { request, context in
            await AWSResponse.handling {
                let layer = try requireLayerVersion(try layerName(context), try versionNumber(context))
                return try AWSResponse.json(
                    LayerVersionJSON(layer, account: layers.account, contentHost: host(request)))
            }
        }
        router.delete("/2018-10-31/layers/:layer/versions/:version") { _, context in
            await AWSResponse.handling {
                try await layers.delete(name: try layerName(context), version: try versionNumber(context))
                return AWSResponse.empty(status: .noContent)
            }
        }
        // ListLayers and GetLayerVersionByArn share a path; `?find=LayerVersion` selects the latter.
        router.get("/2018-10-31/layers") { request, _ in
            await AWSResponse.handling {
                if request.uri.queryParameters.get("find") == "LayerVersion" {
                    return try getLayerVersionByArn(request)
                }
                return try listLayers(request)
            }
        }
        router.get("/_lamb/v1/layers/:layer/versions/:version/content") { _, context in
            await AWSResponse.handling {
                let layer = try requireLayerVersion(try layerName(context), try versionNumber(context))
                let data = try layers.blobs.data(for: layer.code)
                return Response(
                    status: .ok, headers: [.contentType: "application/zip"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
    }

    var layers: LayerRegistry { registry.layers }

    private func publishLayerVersion(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let name = try layerName(context)
        let body = try RequestJSON.decode(
            PublishLayerVersionJSON.self, from: try await request.bodyData(limit: Self.createBodyLimit))
        guard let content = body.Content else { throw LambError.invalidParameter("Content is required.") }
        let upload = CodeUpload(
            zipFile: content.ZipFile, s3Bucket: content.S3Bucket, s3Key: content.S3Key,
            s3ObjectVersion: content.S3ObjectVersion)
        let layer = try await layers.publish(
            name: name, settings: body.settings, zip: try await upload.bytes(from: codeSource))
        context.logger.info(
            "layer version published", metadata: ["layer.name": "\(name)", "layer.version": "\(layer.version)"])
        return try AWSResponse.json(
            LayerVersionJSON(layer, account: layers.account, contentHost: host(request)), status: .created)
    }

    private func getLayerVersionByArn(_ request: Request) throws -> Response {
        let raw = request.uri.queryParameters.get("Arn").map { String($0) } ?? ""
        guard let arn = LayerVersionArn.parse(raw) else { throw LayerVersionArn.invalidArn(raw, member: "arn") }
        guard let layer = layers.version(at: arn) else { throw Self.layerVersionNotFound }
        return try AWSResponse.json(LayerVersionJSON(layer, account: layers.account, contentHost: host(request)))
    }

    private func listLayerVersions(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        struct Page: Encodable {
            var LayerVersions: [LayerVersionJSON]
            var NextMarker: String?
        }
        let filters = try LayerListFilters(request)
        var versions = layers.versions(of: try layerName(context)).filter {
            $0.matches(runtime: filters.runtime, architecture: filters.architecture)
        }
        if let marker = filters.marker {
            guard let after = Int(marker) else { throw LambError.invalidParameter("The marker is not valid.") }
            versions = versions.filter { $0.version < after }
        }
        let page = Array(versions.prefix(filters.pageSize))
        let next = versions.count > page.count ? page.last.map { ListMarker.encode(String($0.version)) } : nil
        return try AWSResponse.json(
            Page(
                LayerVersions: page.map { LayerVersionJSON($0, account: layers.account, contentHost: nil) },
                NextMarker: next))
    }

    private func listLayers(_ request: Request) throws -> Response {
        struct Page: Encodable {
            var Layers: [LayersListItemJSON]
            var NextMarker: String?
        }
        let filters = try LayerListFilters(request)
        var items: [LayersListItemJSON] = []
        for name in layers.layerNames() where filters.marker.map({ name > $0 }) ?? true {
            let matching = layers.versions(of: name).first {
                $0.matches(runtime: filters.runtime, architecture: filters.architecture)
            }
            guard let latest = matching else { continue }
            items.append(
                LayersListItemJSON(
                    LayerName: name, LayerArn: layers.account.layerArn(name),
                    LatestMatchingVersion: LayerVersionJSON(latest, account: layers.account, contentHost: nil)))
        }
        let page = Array(items.prefix(filters.pageSize))
        let next = items.count > page.count ? page.last.map { ListMarker.encode($0.LayerName) } : nil
        return try AWSResponse.json(Page(Layers: page, NextMarker: next))
    }

    private func requireLayerVersion(_ name: String, _ version: Int) throws -> LayerVersion {
        guard let layer = layers.version(name, version) else { throw Self.layerVersionNotFound }
        return layer
    }

    static let layerVersionNotFound = LambError.notFound("The resource you requested does not exist.")

    /// The `{LayerName}` path parameter: a name or a layer ARN.
    func layerName(_ context: BasicRequestContext) throws -> String {
        let raw = context.parameters.decoded("layer")
        guard let name = LayerVersionArn.layerName(from: raw) else { throw LayerVersionArn.invalidLayerName(raw) }
        return name
    }

    func versionNumber(_ context: BasicRequestContext) throws -> Int {
        let raw = context.parameters.decoded("version")
        guard let number = Int(raw) else {
            throw LambError.invalidParameter("Value '\(raw)' at 'versionNumber' is not a valid layer version number.")
        }
        return number
    }

    private func host(_ request: Request) -> String { request.head.authority ?? "127.0.0.1" }
}

/// The query of ListLayers and ListLayerVersions: compatibility filters and paging.
struct LayerListFilters {
    var runtime: String?
    var architecture: String?
    var marker: String?
    var pageSize = Quotas.listPageSize

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        runtime = query.get("CompatibleRuntime").map { String($0) }
        architecture = query.get("CompatibleArchitecture").map { String($0) }
        if let runtime, !LambdaRuntimeNames.all.contains(runtime) {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(runtime)' at 'compatibleRuntime' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [\(LambdaRuntimeNames.all.sorted().joined(separator: ", "))]"
            )
        }
        if let architecture, !["x86_64", "arm64"].contains(architecture) {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(architecture)' at 'compatibleArchitecture' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [x86_64, arm64]")
        }
        if let raw = query.get("MaxItems") {
            guard let value = Int(raw), (1...50).contains(value) else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value '\(raw)' at 'maxItems' failed to satisfy constraint: Member "
                        + "must have value between 1 and 50")
            }
            pageSize = value
        }
        if let raw = query.get("Marker"), !raw.isEmpty {
            guard let decoded = ListMarker.decode(String(raw)) else {
                throw LambError.invalidParameter("The marker is not valid.")
            }
            marker = decoded
        }
    }
}
