import Foundation
import LambCore

/// What a handler learns about the invocation it serves and the function it is part of.
public struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public let requestID: String
    /// `Lambda-Runtime-Trace-Id`, empty when the platform sent none.
    public let traceID: String
    /// The ARN the caller invoked, with its qualifier if it had one.
    public let invokedFunctionARN: String
    /// When the invocation times out.
    public let deadline: Date
    /// `Lambda-Runtime-Client-Context` (JSON) of a synchronous invocation from a mobile SDK, if any.
    public let clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity` (JSON), if any.
    public let cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`, if any.
    public let tenantID: String?
    public let functionName: String
    public let functionVersion: String
    public let memoryLimitInMB: Int
    public let logGroupName: String
    public let logStreamName: String

    /// How long until the deadline.
    public var remainingTime: Duration {
        .milliseconds(Int64((deadline.timeIntervalSinceNow * 1000).rounded(.down)))
    }

    init(headers: [String: String], environment: [String: String]) throws {
        guard let requestID = headers[RuntimeAPIWire.Header.requestId.lowercased()] else {
            throw LambdaRuntimeError.missingHeader(RuntimeAPIWire.Header.requestId)
        }
        guard let deadlineMs = headers[RuntimeAPIWire.Header.deadlineMs.lowercased()].flatMap(Int64.init) else {
            throw LambdaRuntimeError.missingHeader(RuntimeAPIWire.Header.deadlineMs)
        }
        self.requestID = requestID
        self.deadline = Date(timeIntervalSince1970: Double(deadlineMs) / 1000)
        self.traceID = headers[RuntimeAPIWire.Header.traceId.lowercased()] ?? ""
        self.invokedFunctionARN = headers[RuntimeAPIWire.Header.invokedFunctionArn.lowercased()] ?? ""
        self.clientContext = headers[RuntimeAPIWire.Header.clientContext.lowercased()]
        self.cognitoIdentity = headers[RuntimeAPIWire.Header.cognitoIdentity.lowercased()]
        self.tenantID = headers[RuntimeAPIWire.Header.tenantId.lowercased()]
        self.functionName = environment["AWS_LAMBDA_FUNCTION_NAME"] ?? ""
        self.functionVersion = environment["AWS_LAMBDA_FUNCTION_VERSION"] ?? ""
        self.memoryLimitInMB = environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap(Int.init) ?? 0
        self.logGroupName = environment["AWS_LAMBDA_LOG_GROUP_NAME"] ?? ""
        self.logStreamName = environment["AWS_LAMBDA_LOG_STREAM_NAME"] ?? ""
    }

    /// Writes one line to the function's log, attributed to this invocation.
    public func log(_ message: String) {
        let line = "\(LambdaTimestamp.iso8601(Date()))\t\(requestID)\t\(message)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
