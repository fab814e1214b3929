/// Every resource type, property and event type Lamb reads from a template, and what it does with each: the one
/// table the load's findings and `docs/templates.md` are both made from.
public enum PropertyCatalog {
    private typealias Level = PropertySupport.Level

    static let serverlessFunction = "AWS::Serverless::Function"
    static let function = "AWS::Lambda::Function"

    /// Function properties both `AWS::Serverless::Function` and `AWS::Lambda::Function` have, and mean the same.
    private static let sharedFunctionProperties: [(String, Level, String)] = [
        ("FunctionName", .handled, "the function's name (default: the logical id, as `sam local` names functions)"),
        ("Handler", .handled, "required for zip functions"),
        ("Runtime", .handled, "required for zip functions"),
        ("MemorySize", .handled, "memory limit of each environment"),
        ("Timeout", .handled, "seconds"),
        ("Description", .handled, "stored"),
        ("Environment", .handled, "Variables; numbers and booleans become text"),
        ("EphemeralStorage", .handled, "Size, the /tmp limit"),
        ("Architectures", .handled, "stored and echoed; functions run on the host's architecture"),
        ("Layers", .handled, "layer version ARNs; a Ref to a template layer gives the version Lamb published"),
        ("ReservedConcurrentExecutions", .handled, "enforced as on AWS"),
        ("SnapStart", .handled, "ApplyOn"),
        ("LoggingConfig", .handled, "LogFormat, ApplicationLogLevel, SystemLogLevel, LogGroup"),
        ("Tags", .handled, "stored"),
        ("Role", .handled, "stored; functions get Lamb's own AWS credentials, not the role's"),
        ("KmsKeyArn", .handled, "stored; environment variables are not encrypted"),
        ("PackageType", .handled, "Zip or Image (container images run without Docker: docs/images.md)"),
        ("VpcConfig", .ignored, "functions use the host's network"),
        ("FileSystemConfigs", .ignored, "EFS file systems are not mounted"),
        ("CodeSigningConfigArn", .ignored, "code signatures are not checked"),
        ("RuntimeManagementConfig", .ignored, "Lamb runs the runtime version it has"),
        ("RecursiveLoop", .ignored, "recursive invocations are not detected"),
        ("ImageConfig", .handled, "EntryPoint, Command, WorkingDirectory override the image's"),
    ]

    private static let serverlessOnlyProperties: [(String, Level, String)] = [
        ("CodeUri", .handled, "a directory (packaged with its dependencies), a .zip, or S3 (the function is skipped)"),
        ("InlineCode", .handled, "written as index.py / index.js"),
        ("Tracing", .handled, "Active or PassThrough; stored, no traces are sent to X-Ray"),
        ("DeadLetterQueue", .handled, "Type SQS or SNS and TargetArn; dead letters go to Lamb's sink, and to the service with an endpoint"),
        ("EventInvokeConfig", .handled, "retries, event age and destinations of asynchronous invocations"),
        (
            "AutoPublishAlias", .handled,
            "a version is published when code or configuration changes; the alias moves to it"
        ),
        ("ProvisionedConcurrencyConfig", .handled, "on the AutoPublishAlias alias (required with it, as SAM requires)"),
        ("AutoPublishCodeSha256", .accepted, "Lamb publishes when the code or configuration changes"),
        ("AutoPublishAliasAllProperties", .accepted, "Lamb publishes when the code or configuration changes"),
        ("VersionDeletionPolicy", .accepted, "versions are kept until the function is deleted"),
        ("PropagateTags", .accepted, "SAM's generated resources are not created"),
        (
            "DeploymentPreference", .approximated,
            "the alias moves to the new version at once: no traffic shifting, no hooks, no alarms"
        ),
        ("Policies", .ignored, "no IAM locally: functions are not restricted"),
        ("PermissionsBoundary", .ignored, "no IAM locally"),
        ("AssumeRolePolicyDocument", .ignored, "no IAM locally"),
        ("RolePath", .ignored, "no IAM locally"),
        ("SourceKMSKeyArn", .ignored, "code is not encrypted"),
        ("VersionDescription", .ignored, "published versions get no description"),
        (
            "FunctionUrlConfig", .handled,
            "AuthType (AWS_IAM is not checked), Cors, InvokeMode (RESPONSE_STREAM streams); served by the gateway"
        ),
        ("Events", .handled, "Api and HttpApi are gateway routes, Schedule and ScheduleV2 fire, SQS, Kinesis and DynamoDB are mappings; others are reported"),
        ("ImageUri", .handled, "a registry image, oci:, oci-archive: or docker-archive:, or a name in --image-dir"),
    ]

    private static let lambdaOnlyProperties: [(String, Level, String)] = [
        (
            "Code", .handled,
            "ZipFile (inline), a local path (as `sam` allows), or S3Bucket/S3Key (the function is skipped)"
        ),
        ("TracingConfig", .handled, "Mode; stored, no traces are sent to X-Ray"),
        ("DeadLetterConfig", .handled, "TargetArn; dead letters go to Lamb's sink, and to the service with an endpoint"),
    ]

    private static let layerProperties: [(String, Level, String)] = [
        ("LayerName", .handled, "the layer's name (default: the logical id)"),
        ("CompatibleRuntimes", .handled, "stored"),
        ("CompatibleArchitectures", .handled, "stored"),
        ("Description", .handled, "stored"),
        ("LicenseInfo", .handled, "stored"),
    ]

    /// Properties both SAM API types have and mean the same.
    private static let sharedApiProperties: [(String, Level, String)] = [
        ("StageName", .handled, "the stage events carry; requests may name it first in the path (/Prod/hello)"),
        ("Auth", .handled, "Lambda and JWT authorizers and DefaultAuthorizer; Cognito, IAM, API keys are reported"),
        ("Name", .accepted, "the gateway serves every API on one port"),
        ("Description", .accepted, "stored by API Gateway only"),
        ("Tags", .accepted, "stored by API Gateway only"),
        ("PropagateTags", .accepted, "SAM's generated resources are not created"),
        ("FailOnWarnings", .accepted, "no OpenAPI import"),
        ("DisableExecuteApiEndpoint", .ignored, "the gateway always serves the API"),
        ("Domain", .ignored, "custom domains are not served; use the gateway's address"),
        ("DefinitionBody", .notYet, "OpenAPI definitions are not read yet; routes come from the functions' events"),
        ("DefinitionUri", .notYet, "OpenAPI definitions are not read yet; routes come from the functions' events"),
    ]

    private static let restApiProperties: [(String, Level, String)] = [
        ("Cors", .handled, "a quoted origin, or AllowOrigin, AllowMethods, AllowHeaders, MaxAge, AllowCredentials"),
        ("BinaryMediaTypes", .handled, "request bodies of these types are base64-encoded; base64 results decoded"),
        ("Variables", .handled, "stage variables (stageVariables in events)"),
        ("OpenApiVersion", .accepted, "no OpenAPI document is generated"),
        ("EndpointConfiguration", .accepted, "the gateway listens locally"),
        ("MinimumCompressionSize", .ignored, "responses are not compressed"),
        ("CacheClusterEnabled", .ignored, "responses are not cached"),
        ("CacheClusterSize", .ignored, "responses are not cached"),
        ("MethodSettings", .ignored, "throttling, caching and logging settings are not applied"),
        ("GatewayResponses", .ignored, "the gateway answers errors with API Gateway's default responses"),
        ("AccessLogSetting", .ignored, "no access logs"),
        ("CanarySetting", .ignored, "no canary deployments"),
        ("TracingEnabled", .ignored, "no X-Ray traces"),
        ("Models", .ignored, "request models are not validated"),
        ("ApiKeySourceType", .ignored, "API keys are not checked"),
        ("Mode", .accepted, "no OpenAPI import"),
        ("MergeDefinitions", .accepted, "no OpenAPI document is generated"),
        ("AlwaysDeploy", .accepted, "nothing is deployed"),
    ]

    private static let httpApiProperties: [(String, Level, String)] = [
        (
            "CorsConfiguration", .handled,
            "true, or AllowOrigins, AllowMethods, AllowHeaders, ExposeHeaders, MaxAge, AllowCredentials"
        ),
        ("StageVariables", .handled, "stage variables (stageVariables in events)"),
        ("AccessLogSettings", .ignored, "no access logs"),
        ("DefaultRouteSettings", .ignored, "route throttling and logging settings are not applied"),
        ("RouteSettings", .ignored, "route throttling and logging settings are not applied"),
    ]

    /// Every property row, resource type by resource type.
    public static let properties: [PropertySupport] = {
        var rows: [PropertySupport] = []
        func add(_ type: String, _ list: [(String, Level, String)]) {
            rows += list.map { PropertySupport(resourceType: type, property: $0.0, level: $0.1, detail: $0.2) }
        }
        add(serverlessFunction, sharedFunctionProperties + serverlessOnlyProperties)
        add(function, sharedFunctionProperties + lambdaOnlyProperties)
        add("AWS::Serverless::Api", sharedApiProperties + restApiProperties)
        add("AWS::Serverless::HttpApi", sharedApiProperties + httpApiProperties)
        add(
            "AWS::Serverless::LayerVersion",
            [
                ("ContentUri", .handled, "a directory or a .zip; S3 content is skipped"),
                ("RetentionPolicy", .accepted, "layer versions are kept"),
            ] + layerProperties)
        add(
            "AWS::Lambda::LayerVersion",
            [("Content", .handled, "a local path, or S3Bucket/S3Key (skipped)")] + layerProperties)
        add(
            "AWS::Lambda::Version",
            [
                ("FunctionName", .handled, "a name, an ARN, or a Ref / Fn::GetAtt of a template function"),
                ("Description", .handled, "stored"),
                ("ProvisionedConcurrencyConfig", .handled, "ProvisionedConcurrentExecutions"),
                ("CodeSha256", .accepted, "the version is published from the code Lamb has"),
                ("RuntimePolicy", .ignored, "Lamb runs the runtime version it has"),
            ])
        add(
            "AWS::Lambda::Alias",
            [
                ("FunctionName", .handled, "a name, an ARN, or a Ref / Fn::GetAtt of a template function"),
                (
                    "FunctionVersion", .handled,
                    "a number, $LATEST, or a Ref / Fn::GetAtt of a template AWS::Lambda::Version"
                ),
                ("Name", .handled, "the alias's name"),
                ("Description", .handled, "stored"),
                ("RoutingConfig", .handled, "AdditionalVersionWeights: invocations are split by weight"),
                ("ProvisionedConcurrencyConfig", .handled, "ProvisionedConcurrentExecutions"),
            ])
        add(
            "AWS::Lambda::EventInvokeConfig",
            [
                ("FunctionName", .handled, "a name, an ARN, or a Ref of a template function"),
                ("Qualifier", .handled, "$LATEST, a version or an alias"),
                ("MaximumEventAgeInSeconds", .handled, "60 to 21600"),
                ("MaximumRetryAttempts", .handled, "0 to 2"),
                (
                    "DestinationConfig", .handled,
                    "OnSuccess / OnFailure Destination; SQS, SNS, EventBridge and S3 go to Lamb's sink, and to the service with an endpoint"
                ),
            ])
        add(
            "AWS::Lambda::Permission",
            [
                ("FunctionName", .handled, "the function's, version's or alias's policy"),
                ("Action", .handled, "the statement's Action"), ("Principal", .handled, "the statement's Principal"),
                ("SourceArn", .handled, "a condition of the statement (not enforced)"),
                ("SourceAccount", .handled, "a condition of the statement (not enforced)"),
                ("EventSourceToken", .handled, "a condition of the statement (not enforced)"),
                ("FunctionUrlAuthType", .handled, "a condition of the statement"),
                ("PrincipalOrgID", .handled, "a condition of the statement (not enforced)"),
            ])
        return rows
    }()

    private static let poller = "Lamb does not poll this kind of source; invoke the function with such an event instead"
    private static let pushed = "Lamb does not receive these events yet; invoke the function with such an event instead"

    /// `Events` of an `AWS::Serverless::Function`, by `Type`.
    public static let eventTypes: [PropertySupport] = [
        ("Api", Level.handled, "REST API routes served by the HTTP gateway (payload 1.0)"),
        ("HttpApi", .handled, "HTTP API routes served by the HTTP gateway (payload 2.0 unless PayloadFormatVersion)"),
        ("Schedule", .handled, "an EventBridge rule: fires asynchronous invocations with the Scheduled Event payload"),
        ("ScheduleV2", .handled, "an EventBridge Scheduler schedule: time zones, at(), start and end dates"),
        ("SQS", .handled, "an event source mapping polling the queue (needs an SQS endpoint: --aws-endpoint)"),
        ("Kinesis", .handled, "an event source mapping reading the stream (needs a Kinesis endpoint)"),
        ("DynamoDB", .handled, "an event source mapping reading the table's stream (needs a DynamoDB Streams endpoint)"),
        ("MSK", .notYet, poller), ("MQ", .notYet, poller), ("SelfManagedKafka", .notYet, poller),
        ("DocumentDB", .notYet, poller),
        ("S3", .notYet, pushed), ("SNS", .notYet, pushed), ("EventBridgeRule", .notYet, pushed),
        ("CloudWatchEvent", .notYet, pushed), ("CloudWatchLogs", .notYet, pushed), ("IoTRule", .notYet, pushed),
        ("AlexaSkill", .notYet, pushed), ("Cognito", .notYet, pushed),
    ].map { PropertySupport(resourceType: serverlessFunction, property: "Events.\($0.0)", level: $0.1, detail: $0.2) }

    /// Resource types Lamb creates or will serve; every other type is `ignored` (see ``resourceType(_:)``).
    public static let resourceTypes: [PropertySupport] = [
        (serverlessFunction, Level.handled, "a function (SAM's transform applied: Globals, implicit role, alias)"),
        (function, .handled, "a function"),
        ("AWS::Serverless::LayerVersion", .handled, "a layer version, published when its content changes"),
        ("AWS::Lambda::LayerVersion", .handled, "a layer version, published when its content changes"),
        ("AWS::Lambda::Version", .handled, "a published version"),
        ("AWS::Lambda::Alias", .handled, "an alias"),
        ("AWS::Lambda::EventInvokeConfig", .handled, "an asynchronous invocation config"),
        ("AWS::Lambda::Permission", .approximated, "a statement of the function's (or alias's) resource policy, its logical id as `Sid`: replaced when edited, removed when dropped; enforced only for `AWS_IAM` Function URLs"),
        ("AWS::Serverless::Api", .handled, "a REST API served by the HTTP gateway"),
        ("AWS::Serverless::HttpApi", .handled, "an HTTP API served by the HTTP gateway"),
        ("AWS::Lambda::Url", .notYet, "not read yet; a function's FunctionUrlConfig gives it a URL"),
        ("AWS::Lambda::EventSourceMapping", .handled, "an event source mapping (SQS, Kinesis, DynamoDB Streams)"),
        ("AWS::SQS::Queue", .approximated, "created on the SQS endpoint when lamb serve has one (--aws-endpoint)"),
        ("AWS::Serverless::Application", .skipped, "nested applications are not loaded"),
        ("AWS::CloudFormation::Stack", .skipped, "nested stacks are not loaded"),
    ].map { PropertySupport(resourceType: $0.0, property: "", level: $0.1, detail: $0.2) }

    /// The row for `property` of `resourceType`; nil for a property Lamb does not know.
    static func property(_ property: String, of resourceType: String) -> PropertySupport? {
        propertiesByKey["\(resourceType)\u{0}\(property)"]
    }

    private static let propertiesByKey: [String: PropertySupport] = Dictionary(
        properties.map { ("\($0.resourceType)\u{0}\($0.property)", $0) }, uniquingKeysWith: { first, _ in first })

    /// The row for an event type; an unknown type is `ignored`.
    static func event(_ type: String) -> PropertySupport {
        eventTypes.first { $0.property == "Events.\(type)" }
            ?? PropertySupport(
                resourceType: serverlessFunction, property: "Events.\(type)", level: .ignored,
                detail: "\(type) is not an event type Lamb knows")
    }

    /// The row for a resource type; every type not listed is not emulated.
    public static func resourceType(_ type: String) -> PropertySupport {
        resourceTypes.first { $0.resourceType == type }
            ?? PropertySupport(
                resourceType: type, property: "", level: .ignored,
                detail: "\(type) is not emulated; Lamb does not create it")
    }
}
