/// The variables an execution environment's runtime starts with: the function's own, then Lambda's reserved and
/// unreserved ones (reference §5.2), then the runtime's. Reserved names always win.
public struct RuntimeEnvironment: Sendable {
    public var definition: FunctionDefinition
    public var account: AccountContext
    public var taskRoot: String
    public var runtimeDirectory: String
    public var tmpDirectory: String
    public var runtimeAPIAddress: String
    public var logStreamName: String
    public var initializationType: String = "on-demand"
    /// Credentials handed to the function (Lambda gives the execution role's); Lamb passes its own through.
    public var credentials: [String: String] = [:]
    /// Variables the function gets unless it sets them itself (Lamb's `AWS_ENDPOINT_URL_LAMBDA`).
    public var defaults: [String: String] = [:]
    public var hostPath: String
    /// Where the runtime sees the function's layers (`/opt` on Lambda): `bin` goes on `PATH`, `lib` on
    /// `LD_LIBRARY_PATH`.
    public var optDirectory = "/opt"

    public init(
        definition: FunctionDefinition, account: AccountContext, taskRoot: String, runtimeDirectory: String,
        tmpDirectory: String, runtimeAPIAddress: String, logStreamName: String, hostPath: String
    ) {
        self.definition = definition
        self.account = account
        self.taskRoot = taskRoot
        self.runtimeDirectory = runtimeDirectory
        self.tmpDirectory = tmpDirectory
        self.runtimeAPIAddress = runtimeAPIAddress
        self.logStreamName = logStreamName
        self.hostPath = hostPath
    }

    public func variables(runtimeSpecific: [String: String]) -> [String: String] {
        let settings = definition.settings
        var vars = settings.environment
        vars["LANG"] = vars["LANG"] ?? "en_US.UTF-8"
        vars["TZ"] = vars["TZ"] ?? ":UTC"
        vars["PATH"] = vars["PATH"] ?? "\(hostPath):\(optDirectory)/bin"
        vars["LD_LIBRARY_PATH"] = vars["LD_LIBRARY_PATH"] ?? "\(taskRoot):\(taskRoot)/lib:\(optDirectory)/lib"
        vars["TMPDIR"] = tmpDirectory
        vars["AWS_XRAY_CONTEXT_MISSING"] = vars["AWS_XRAY_CONTEXT_MISSING"] ?? "LOG_ERROR"
        for (key, value) in defaults where vars[key] == nil { vars[key] = value }
        for (key, value) in runtimeSpecific { vars[key] = value }
        for (key, value) in credentials { vars[key] = value }
        let reserved: [String: String] = [
            "_HANDLER": settings.handler,
            "AWS_REGION": account.region,
            "AWS_DEFAULT_REGION": account.region,
            "AWS_LAMBDA_FUNCTION_NAME": definition.name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(settings.memorySize),
            "AWS_LAMBDA_FUNCTION_VERSION": definition.version,
            "AWS_LAMBDA_INITIALIZATION_TYPE": initializationType,
            "AWS_LAMBDA_LOG_GROUP_NAME": settings.logGroup ?? account.logGroupName(definition.name),
            "AWS_LAMBDA_LOG_STREAM_NAME": logStreamName,
            "AWS_LAMBDA_RUNTIME_API": runtimeAPIAddress,
            "LAMBDA_TASK_ROOT": taskRoot,
            "LAMBDA_RUNTIME_DIR": runtimeDirectory,
        ]
        for (key, value) in reserved { vars[key] = value }
        if settings.logFormat == "JSON" {
            vars["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
            if let level = settings.applicationLogLevel { vars["AWS_LAMBDA_LOG_LEVEL"] = level }
        }
        return vars
    }
}
