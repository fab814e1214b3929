import ArgumentParser
import Foundation
import LambAPI
import LambAWS

/// `--aws-endpoint`, `--endpoint SERVICE=URL` and `--s3-dir BUCKET=DIR`: where event source mappings reach their
/// queues and streams, where destinations are delivered, and where code in S3 is read from.
struct AWSEndpointOptions: ParsableArguments {
    @Option(
        name: .customLong("aws-endpoint"),
        help: "One endpoint for every AWS service Lamb calls (moto_server, LocalStack, ElasticMQ or AWS), e.g. http://127.0.0.1:5000.")
    var awsEndpoint: String?
    @Option(
        name: .customLong("endpoint"),
        help: "A service's own endpoint, SERVICE=URL (sqs, kinesis, dynamodbstreams, sns, events, s3, lambda; repeatable).")
    var endpoints: [String] = []
    @Option(
        name: .customLong("s3-dir"),
        help: ArgumentHelp(
            "Serve a bucket's objects from a directory for code in S3 (Code.S3Bucket/S3Key), BUCKET=DIR (repeatable).",
            valueName: "bucket=dir"))
    var s3Directories: [String] = []
    @Option(
        name: .customLong("layer-dir"),
        help: ArgumentHelp(
            "A directory of other accounts' layer zips (Powertools, vendors): DIR/layers.txt lists 'ARN FILE.zip' lines (repeatable).",
            valueName: "dir"))
    var layerDirectories: [String] = []

    func validate() throws {
        do {
            if let awsEndpoint { _ = try AWSEndpoints.parseURL(awsEndpoint) }
            for entry in endpoints { _ = try AWSEndpoints.parseOverride(entry) }
            _ = try bucketDirectories()
            _ = try layerFiles()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func configuration(environment: [String: String]) -> AWSConfiguration {
        var endpoints = AWSEndpoints(
            shared: awsEndpoint.flatMap { try? AWSEndpoints.parseURL($0) },
            region: AWSEndpoints.region(environment: environment))
        for entry in self.endpoints {
            if let (service, url) = try? AWSEndpoints.parseOverride(entry) { endpoints.overrides[service] = url }
        }
        return AWSConfiguration(endpoints: endpoints, credentials: AWSCredentials.resolve(environment: environment))
    }

    /// `--s3-dir` entries: bucket name to directory.
    func bucketDirectories() throws -> [String: String] {
        var directories: [String: String] = [:]
        for entry in s3Directories {
            let (bucket, directory) = try S3CodeSource.parseDirectory(entry)
            directories[bucket] = directory
        }
        return directories
    }

    /// `--layer-dir` entries: layer version ARN to zip file.
    func layerFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        for directory in layerDirectories {
            files.merge(try ForeignLayerSource.readDirectory(directory)) { _, later in later }
        }
        return files
    }

    /// The start-up lines: where the polled services are (or that mappings cannot run), and where destinations go.
    static func summary(_ aws: AWSConfiguration) -> [String] {
        let signing = aws.credentials.map { "signed with keys from the \($0.source)" } ?? "unsigned (no AWS credentials found)"
        var lines: [String] = []
        if let sqs = aws.endpoints.url(for: "sqs") {
            var places = "SQS at \(sqs.absoluteString)"
            for (service, name) in [("kinesis", "Kinesis"), ("dynamodbstreams", "DynamoDB Streams")] {
                if let url = aws.endpoints.url(for: service), url != sqs { places += ", \(name) at \(url.absoluteString)" }
            }
            lines.append("event sources: \(places), \(signing)")
        } else {
            lines.append(
                "event sources: no AWS endpoint (--aws-endpoint URL or --endpoint sqs=URL): SQS mappings cannot run"
                    + " (nor Kinesis or DynamoDB Streams ones without --endpoint kinesis=URL / dynamodbstreams=URL)")
        }
        let names = ["sqs": "SQS", "sns": "SNS", "events": "EventBridge", "s3": "S3"]
        let delivered = ["sqs", "sns", "events", "s3"].filter { aws.endpoints.url(for: $0) != nil }
        let local = ["sqs", "sns", "events", "s3"].filter { aws.endpoints.url(for: $0) == nil }
        if delivered.isEmpty {
            lines.append("destinations: kept in Lamb's local sink (lamb destinations); no endpoint to deliver them to")
        } else {
            var line = "destinations: delivered to " + delivered.map { names[$0]! }.joined(separator: ", ")
            if !local.isEmpty { line += "; " + local.map { names[$0]! }.joined(separator: ", ") + " kept locally" }
            lines.append(line)
        }
        return lines
    }
}
