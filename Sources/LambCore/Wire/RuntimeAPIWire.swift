/// Wire constants of the Runtime API (2018-06-01), shared by Lamb's server and any Swift client.
public enum RuntimeAPIWire {
    public static let version = "2018-06-01"
    public static let nextPath = "/2018-06-01/runtime/invocation/next"
    public static let invocationPrefix = "/2018-06-01/runtime/invocation/"
    public static let initErrorPath = "/2018-06-01/runtime/init/error"
    public static let restoreNextPath = "/2018-06-01/runtime/restore/next"
    public static let restoreErrorPath = "/2018-06-01/runtime/restore/error"

    public enum Header {
        public static let requestId = "Lambda-Runtime-Aws-Request-Id"
        /// Lamb's SnapStart template headers on `/restore/next`: its own pid (first park), and the order id and pid
        /// of the process serving the previous restore order.
        public static let restoreSelf = "Lamb-Restore-Self"
        public static let restoreId = "Lamb-Restore-Id"
        public static let restorePid = "Lamb-Restore-Pid"
        public static let deadlineMs = "Lambda-Runtime-Deadline-Ms"
        public static let invokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn"
        public static let traceId = "Lambda-Runtime-Trace-Id"
        public static let clientContext = "Lambda-Runtime-Client-Context"
        public static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
        public static let tenantId = "Lambda-Runtime-Aws-Tenant-Id"
        public static let invocationId = "Lambda-Runtime-Invocation-Id"
        public static let functionErrorType = "Lambda-Runtime-Function-Error-Type"
        public static let functionErrorBody = "Lambda-Runtime-Function-Error-Body"
        public static let responseMode = "Lambda-Runtime-Function-Response-Mode"
        public static let xrayErrorCause = "Lambda-Runtime-Function-XRay-Error-Cause"
    }

    /// `errorType` values of the Runtime API's own error answers.
    public enum ErrorType {
        public static let invalidRequestID = "InvalidRequestID"
        public static let invalidStateTransition = "InvalidStateTransition"
        public static let requestEntityTooLarge = "RequestEntityTooLarge"
        public static let invalidFunctionResponseMode = "InvalidFunctionResponseMode"
        public static let invokeTimeout = "InvokeTimeout"
        public static let internalServerError = "InternalServerError"
        public static let notFound = "NotFound"
    }
}

/// Wire constants of the Lambda HTTP API (rest-json) that Lamb reads or writes.
public enum LambdaAPIWire {
    public enum Header {
        public static let invocationType = "X-Amz-Invocation-Type"
        public static let logType = "X-Amz-Log-Type"
        public static let clientContext = "X-Amz-Client-Context"
        public static let tenantId = "X-Amz-Tenant-Id"
        public static let executedVersion = "X-Amz-Executed-Version"
        public static let functionError = "X-Amz-Function-Error"
        public static let logResult = "X-Amz-Log-Result"
        public static let requestId = "x-amzn-RequestId"
        public static let errorType = "x-amzn-ErrorType"
        public static let retryAfter = "Retry-After"
    }

    /// The value of `X-Amz-Function-Error` Lambda sends for every unhandled failure today.
    public static let unhandled = "Unhandled"
}
