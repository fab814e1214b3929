/// How a ``LambError`` looks on the wire of the Lambda API: the `x-amzn-ErrorType` value, the HTTP status and the
/// body key that carries the message (Lambda's model uses `Message` for some shapes and `message` for others).
public struct AWSErrorShape: Sendable, Equatable {
    public var type: String
    public var status: Int
    public var messageKey: String

    public init(type: String, status: Int, messageKey: String) {
        self.type = type
        self.status = status
        self.messageKey = messageKey
    }
}

extension LambError.Code {
    /// The wire shape of this code, from the botocore service model of Lambda.
    public var awsShape: AWSErrorShape {
        switch self {
        case .resourceNotFound: AWSErrorShape(type: "ResourceNotFoundException", status: 404, messageKey: "Message")
        case .resourceConflict: AWSErrorShape(type: "ResourceConflictException", status: 409, messageKey: "message")
        case .invalidParameterValue:
            AWSErrorShape(type: "InvalidParameterValueException", status: 400, messageKey: "message")
        case .invalidRequestContent:
            AWSErrorShape(type: "InvalidRequestContentException", status: 400, messageKey: "message")
        case .requestTooLarge: AWSErrorShape(type: "RequestTooLargeException", status: 413, messageKey: "message")
        case .unsupportedMediaType:
            AWSErrorShape(type: "UnsupportedMediaTypeException", status: 415, messageKey: "message")
        case .preconditionFailed:
            AWSErrorShape(type: "PreconditionFailedException", status: 412, messageKey: "message")
        case .tooManyRequests: AWSErrorShape(type: "TooManyRequestsException", status: 429, messageKey: "message")
        case .invalidRuntime: AWSErrorShape(type: "InvalidRuntimeException", status: 502, messageKey: "Message")
        case .codeStorageExceeded:
            AWSErrorShape(type: "CodeStorageExceededException", status: 400, messageKey: "message")
        case .serviceException: AWSErrorShape(type: "ServiceException", status: 500, messageKey: "Message")
        case .notImplemented: AWSErrorShape(type: "NotImplementedException", status: 501, messageKey: "message")
        case .provisionedConcurrencyConfigNotFound:
            AWSErrorShape(type: "ProvisionedConcurrencyConfigNotFoundException", status: 404, messageKey: "message")
        case .codeSigningConfigNotFound:
            AWSErrorShape(type: "CodeSigningConfigNotFoundException", status: 404, messageKey: "Message")
        case .snapStartNotReady:
            AWSErrorShape(type: "SnapStartNotReadyException", status: 409, messageKey: "Message")
        case .snapStartException: AWSErrorShape(type: "SnapStartException", status: 400, messageKey: "Message")
        case .snapStartTimeout: AWSErrorShape(type: "SnapStartTimeoutException", status: 408, messageKey: "Message")
        case .unknownOperation: AWSErrorShape(type: "UnknownOperationException", status: 404, messageKey: "message")
        case .accessDenied: AWSErrorShape(type: "AccessDeniedException", status: 403, messageKey: "Message")
        }
    }
}
