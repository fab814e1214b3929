import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// SNS's `Publish`, over its query protocol (a form-encoded POST; the answer is XML).
public struct SNSClient: Sendable {
    let sender: AWSRequestSender

    public init(endpoint: URL, region: String, credentials: AWSCredentials?, http: HTTPClient = .shared) {
        sender = AWSRequestSender(endpoint: endpoint, region: region, service: "sns", credentials: credentials, http: http)
    }

    /// Publishes `message` to the topic; answers the message id SNS gave it.
    @discardableResult
    public func publish(topicArn: String, message: String, attributes: [String: DeliveryAttribute] = [:])
        async throws -> String
    {
        let body = Self.publishForm(topicArn: topicArn, message: message, attributes: attributes)
        let data = try await sender.send(
            method: .POST, headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8), timeout: .seconds(30))
        return AWSServiceError.element("MessageId", in: String(decoding: data, as: UTF8.self)) ?? ""
    }

    /// The form of a Publish call; attributes are numbered in name order, as the SDKs send them.
    static func publishForm(topicArn: String, message: String, attributes: [String: DeliveryAttribute]) -> String {
        var fields = [
            ("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", topicArn), ("Message", message),
        ]
        for (index, name) in attributes.keys.sorted().enumerated() {
            let prefix = "MessageAttributes.entry.\(index + 1)"
            let attribute = attributes[name]!
            fields.append(("\(prefix).Name", name))
            fields.append(("\(prefix).Value.DataType", attribute.dataType))
            fields.append(("\(prefix).Value.StringValue", attribute.value))
        }
        return fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// `application/x-www-form-urlencoded` as AWS reads it: everything but unreserved characters percent-encoded.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        // `alphanumerics` includes non-ASCII letters: encode those too.
        return text.unicodeScalars.map { scalar in
            scalar.isASCII && allowed.contains(scalar)
                ? String(scalar) : String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined()
        }.joined()
    }
}
