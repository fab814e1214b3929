import Foundation
import LambAWS
import LambCore

/// Where the zip of a layer version Lamb did not publish comes from: an ARN of another account or region (AWS's
/// Powertools layers, a vendor's extension, a team's shared layer). First a layer directory the user points at
/// (`--layer-dir DIR`, whose `layers.txt` lists `ARN FILE.zip` lines), then the Lambda endpoint Lamb is configured
/// with (`--endpoint lambda=URL` or `--aws-endpoint`), read once with GetLayerVersionByArn and the `Content.Location`
/// it answers. A layer found neither way is an error that names the ARN and both fixes.
public struct ForeignLayerSource: Sendable {
    /// Layer version ARN to the zip file that stands for it.
    public var files: [String: String]
    public var aws: AWSConfiguration

    public init(files: [String: String] = [:], aws: AWSConfiguration = AWSConfiguration()) {
        self.files = files
        self.aws = aws
    }

    /// What was found for `arn`: its zip and, when an endpoint answered, the settings it published.
    public struct Found: Sendable {
        public var zip: Data
        public var settings: LayerVersionSettings
        /// `layer directory` or the endpoint's URL, for the log line.
        public var origin: String
    }

    public func fetch(_ arn: String, account: AccountContext) async throws -> Found {
        if let file = files[arn] {
            guard let zip = FileManager.default.contents(atPath: file) else {
                throw LambError.invalidParameter("Layer version \(arn): its file \(file) (from --layer-dir) cannot be read.")
            }
            return Found(zip: zip, settings: LayerVersionSettings(), origin: "layer directory")
        }
        guard let endpoint = aws.endpoints.url(for: "lambda") else {
            throw LambError.invalidParameter(
                "Layer version \(arn) does not exist in Lamb (account \(account.accountId), region \(account.region)). "
                    + "Give Lamb its zip with --layer-dir DIR (a line '\(arn) FILE.zip' in DIR/layers.txt), or an "
                    + "endpoint that has it: --endpoint lambda=URL with credentials that may read it.")
        }
        do {
            let client = LambdaLayerClient(endpoint: endpoint, region: aws.endpoints.region, credentials: aws.credentials)
            let (location, settings) = try await client.layerVersion(arn: arn)
            return Found(zip: try await client.download(location), settings: settings, origin: endpoint.absoluteString)
        } catch let error as AWSServiceError {
            throw LambError.invalidParameter(
                "Layer version \(arn) could not be read from \(endpoint.absoluteString): \(error). Give Lamb its zip "
                    + "with --layer-dir DIR instead (a line '\(arn) FILE.zip' in DIR/layers.txt).")
        } catch let error as AWSTransportError {
            throw LambError(.serviceException, "Layer version \(arn): \(error)")
        }
    }

    /// Reads `DIR/layers.txt`: one `ARN FILE` per line (FILE relative to DIR), `#` starting a comment.
    public static func readDirectory(_ directory: String) throws -> [String: String] {
        let index = URL(fileURLWithPath: directory).appendingPathComponent("layers.txt")
        guard let text = try? String(contentsOf: index, encoding: .utf8) else {
            throw LambError.invalidParameter(
                "--layer-dir \(directory): \(index.path) is missing; it lists one 'LAYER-VERSION-ARN FILE.zip' per line.")
        }
        var files: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if words.isEmpty { continue }
            guard words.count == 2, LayerVersionArn.parse(words[0]) != nil else {
                throw LambError.invalidParameter(
                    "\(index.path):\(number + 1): expected 'LAYER-VERSION-ARN FILE.zip', found '\(line)'")
            }
            let file = URL(fileURLWithPath: words[1], relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
            guard FileManager.default.isReadableFile(atPath: file.path) else {
                throw LambError.invalidParameter("\(index.path):\(number + 1): \(file.path) cannot be read")
            }
            files[words[0]] = file.standardizedFileURL.path
        }
        return files
    }
}
