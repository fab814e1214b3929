import AsyncHTTPClient
import Foundation
import LambCore
import NIOCore
import NIOHTTP1

/// GetLayerVersionByArn on a Lambda endpoint, and the download of the zip its `Content.Location` names.
public struct LambdaLayerClient: Sendable {
    let sender: AWSRequestSender

    public init(endpoint: URL, region: String, credentials: AWSCredentials?) {
        sender = AWSRequestSender(endpoint: endpoint, region: region, service: "lambda", credentials: credentials, http: .shared)
    }

    /// GetLayerVersionByArn: where the version's zip can be downloaded, and the settings it was published with.
    public func layerVersion(arn: String) async throws -> (location: String, settings: LayerVersionSettings) {
        // SigV4 wants the query sorted by name and every reserved character (`:` included) encoded.
        let query = "Arn=\(URIEncoding.queryValue(arn))&find=LayerVersion"
        let data = try await sender.send(method: .GET, path: "/2018-10-31/layers", query: query, headers: [], body: [], timeout: .seconds(30))
        struct Answer: Decodable {
            struct Content: Decodable { var Location: String? }
            var Content: Content?
            var Description: String?
            var CompatibleRuntimes: [String]?
            var CompatibleArchitectures: [String]?
            var LicenseInfo: String?
        }
        let answer = try JSONDecoder().decode(Answer.self, from: data)
        guard let location = answer.Content?.Location else {
            throw AWSServiceError(status: 200, code: "NoContentLocation", message: "the answer has no Content.Location")
        }
        var settings = LayerVersionSettings()
        settings.description = answer.Description ?? ""
        settings.compatibleRuntimes = answer.CompatibleRuntimes ?? []
        settings.compatibleArchitectures = answer.CompatibleArchitectures ?? []
        settings.licenseInfo = answer.LicenseInfo
        return (location, settings)
    }

    /// The zip at a (pre-signed) location: a plain GET, as the AWS CLI's users do with `curl`.
    public func download(_ location: String) async throws -> Data {
        var request = HTTPClientRequest(url: location)
        request.method = .GET
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
            let body = try await response.body.collect(upTo: Quotas.unzippedBytes)
            guard response.status.code == 200 else {
                throw AWSServiceError(
                    status: Int(response.status.code), code: "HTTP \(response.status.code)",
                    message: "the download of \(location) failed")
            }
            return Data(body.readableBytesView)
        } catch let error as AWSServiceError {
            throw error
        } catch {
            throw AWSTransportError(endpoint: location, underlying: "\(error)")
        }
    }
}
