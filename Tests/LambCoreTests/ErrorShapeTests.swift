import LambCore
import Testing

@Suite("AWS error shapes")
struct ErrorShapeTests {
    @Test(
        "codes map to the type, status and message key of Lambda's model",
        arguments: [
            (LambError.Code.resourceNotFound, "ResourceNotFoundException", 404, "Message"),
            (.resourceConflict, "ResourceConflictException", 409, "message"),
            (.invalidParameterValue, "InvalidParameterValueException", 400, "message"),
            (.invalidRequestContent, "InvalidRequestContentException", 400, "message"),
            (.requestTooLarge, "RequestTooLargeException", 413, "message"),
            (.preconditionFailed, "PreconditionFailedException", 412, "message"),
            (.codeSigningConfigNotFound, "CodeSigningConfigNotFoundException", 404, "Message"),
            (.tooManyRequests(reason: .concurrentInvocationLimitExceeded, retryAfterSeconds: 1), "TooManyRequestsException", 429, "message"),
        ])
    func shapes(code: LambError.Code, type: String, status: Int, key: String) {
        #expect(code.awsShape == AWSErrorShape(type: type, status: status, messageKey: key))
    }
}
