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
    /// Where the language installation is (`/var/lang`) in a sandbox that shows it there: `PATH` and
    /// `LD_LIBRARY_PATH` default to Lambda's instead of the host's `PATH` (which may name the host's home directory).
    public var languageRoot: String?
    /// A directory the interpreter cannot start without on `LD_LIBRARY_PATH` (a pyenv Python's `libpython`); added
    /// at the end when the function sets its own `LD_LIBRARY_PATH` without it.
    public var interpreterLibraryDirectory: String?
    /// An image function's process: its image's ENV is the base (under the function's own variables), `PATH` is the
    /// image's, no `LD_LIBRARY_PATH` is made up, and `_HANDLER` is empty: a handler is a .zip function's setting, and
    /// Lambda sets the reserved variable blank for images (over any the image sets; AWS's base images set it from
    /// their entry point's argument themselves).
    public var image: ImageLaunchPlan?

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

    /// Lambda's `PATH` (reference §5.2) where the language is at Lambda's path, else the host's with the layers'.
    var defaultPath: String {
        guard let languageRoot else { return "\(hostPath):\(optDirectory)/bin" }
        return "\(languageRoot)/bin:/usr/local/bin:/usr/bin/:/bin:\(optDirectory)/bin"
    }

    /// Lambda's `LD_LIBRARY_PATH` where the language is at Lambda's path, else the code's and the layers'.
    var defaultLibraryPath: String {
        guard let languageRoot else { return "\(taskRoot):\(taskRoot)/lib:\(optDirectory)/lib" }
        return [
            "\(languageRoot)/lib", "/lib64", "/usr/lib64", runtimeDirectory, "\(runtimeDirectory)/lib", taskRoot,
            "\(taskRoot)/lib", "\(optDirectory)/lib",
        ].joined(separator: ":")
    }

    static func libraryPath(_ path: String, including directory: String?) -> String {
        guard let directory, !path.split(separator: ":").contains(Substring(directory)) else { return path }
        return path.isEmpty ? directory : "\(path):\(directory)"
    }

    public func variables(runtimeSpecific: [String: String]) -> [String: String] {
        let settings = definition.settings
        var vars = settings.environment
        if let image {
            for (key, value) in image.environment where vars[key] == nil { vars[key] = value }
        }
        vars["LANG"] = vars["LANG"] ?? "en_US.UTF-8"
        vars["TZ"] = vars["TZ"] ?? ":UTC"
        vars["PATH"] = vars["PATH"] ?? defaultPath
        if image == nil {
            vars["LD_LIBRARY_PATH"] = Self.libraryPath(
                vars["LD_LIBRARY_PATH"] ?? defaultLibraryPath, including: interpreterLibraryDirectory)
        }
        vars["TMPDIR"] = tmpDirectory
        vars["AWS_XRAY_CONTEXT_MISSING"] = vars["AWS_XRAY_CONTEXT_MISSING"] ?? "LOG_ERROR"
        for (key, value) in defaults where vars[key] == nil { vars[key] = value }
        for (key, value) in runtimeSpecific { vars[key] = value }
        for (key, value) in credentials { vars[key] = value }
        let reserved: [String: String] = [
            "_HANDLER": image == nil ? settings.handler : "",
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
