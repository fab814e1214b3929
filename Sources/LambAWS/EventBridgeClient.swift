import Foundation

/// EventBridge's `PutEvents`, over JSON 1.1 (`AWSEvents.*`).
public struct EventBridgeClient: Sendable {
    let client: AWSJSONClient

    public init(endpoint: URL, region: String, credentials: AWSCredentials?) {
        client = AWSJSONClient(
            endpoint: endpoint, region: region, service: "events", targetPrefix: "AWSEvents",
            contentType: "application/x-amz-json-1.1", credentials: credentials)
    }

    /// One event on `busArn`; throws ``AWSServiceError`` when EventBridge refuses the entry (PutEvents answers 200
    /// with a failed entry then).
    public func putEvent(busArn: String, source: String, detailType: String, detail: String, resources: [String])
        async throws
    {
        struct Entry: Encodable {
            var EventBusName: String
            var Source: String
            var DetailType: String
            var Detail: String
            var Resources: [String]
        }
        struct Input: Encodable { var Entries: [Entry] }
        struct Output: Decodable {
            struct Result: Decodable {
                var ErrorCode: String?
                var ErrorMessage: String?
            }
            var FailedEntryCount: Int?
            var Entries: [Result]?
        }
        let entry = Entry(EventBusName: busArn, Source: source, DetailType: detailType, Detail: detail, Resources: resources)
        let output = try await client.call("PutEvents", Input(Entries: [entry]), as: Output.self)
        if (output.FailedEntryCount ?? 0) > 0, let failed = output.Entries?.first(where: { $0.ErrorCode != nil }) {
            throw AWSServiceError(status: 200, code: failed.ErrorCode ?? "Failed", message: failed.ErrorMessage ?? "")
        }
    }
}
