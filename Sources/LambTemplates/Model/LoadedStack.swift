import LambCore

/// One template after loading: parameters, conditions, mappings, Globals and intrinsics are resolved, and what is
/// left is what Lamb creates (functions, layers, versions, aliases, invoke configs, permissions) plus a report of
/// everything it does not emulate.
///
/// Produced by ``TemplateLoader``; pure data, so that `lamb serve`, `lamb template check` and the tests all see
/// the same result.
public struct LoadedStack: Sendable, Equatable {
    /// The template file, as given (absolute).
    public var templatePath: String
    /// The stack's name (`AWS::StackName`).
    public var stackName: String
    /// `AWS::Serverless::Function` and `AWS::Lambda::Function` resources whose `Condition` holds, in template order.
    public var functions: [StackFunction]
    /// `AWS::Serverless::LayerVersion` and `AWS::Lambda::LayerVersion`, in template order.
    public var layers: [StackLayer]
    /// `AWS::Lambda::Version` resources.
    public var versions: [StackVersion]
    /// `AWS::Lambda::Alias` resources.
    public var aliases: [StackAlias]
    /// `AWS::Lambda::EventInvokeConfig` resources.
    public var eventInvokeConfigs: [StackEventInvokeConfig]
    /// `AWS::Lambda::Permission` resources: statements of resource policies.
    public var permissions: [StackPermission]
    /// `AWS::Serverless::Api` and `AWS::Serverless::HttpApi` resources, then SAM's implicit APIs, for the gateway.
    public var apis: [StackApi]
    /// One line per resource type, property or event that Lamb does not emulate (or approximates).
    public var findings: [TemplateFinding]
    /// The functions' `Schedule` and `ScheduleV2` events, checked, for the scheduler.
    public var schedules: [ScheduleDefinition] = []
    /// The functions' `SQS`, `Kinesis` and `DynamoDB` events and `AWS::Lambda::EventSourceMapping` resources.
    public var eventSourceMappings: [StackEventSourceMapping] = []
    /// `AWS::SQS::Queue` resources, created on the SQS endpoint when Lamb has one.
    public var queues: [StackQueue] = []

    public init(
        templatePath: String, stackName: String, functions: [StackFunction] = [], layers: [StackLayer] = [],
        versions: [StackVersion] = [], aliases: [StackAlias] = [], eventInvokeConfigs: [StackEventInvokeConfig] = [],
        permissions: [StackPermission] = [], apis: [StackApi] = [], findings: [TemplateFinding] = []
    ) {
        self.templatePath = templatePath
        self.stackName = stackName
        self.functions = functions
        self.layers = layers
        self.versions = versions
        self.aliases = aliases
        self.eventInvokeConfigs = eventInvokeConfigs
        self.permissions = permissions
        self.apis = apis
        self.findings = findings
    }
}

/// Where a function's or layer's code comes from.
public enum CodeSource: Sendable, Equatable {
    /// A directory on disk (`CodeUri: src/`, `ContentUri: layer/`), absolute. Packaged as a zip by Lamb, after its
    /// dependencies are installed (functions only).
    case directory(String)
    /// A `.zip` (or `.jar`) file on disk, absolute; sent as it is.
    case zipFile(String)
    /// `InlineCode` / `Code.ZipFile`: the source text of one file, written as `index.py` / `index.js` (Lambda's
    /// names for inline code), depending on the runtime.
    case inline(String)
    /// `s3://bucket/key` or `{Bucket, Key}`: Lamb cannot fetch it (no AWS access); the function is skipped and
    /// reported.
    case s3(bucket: String, key: String)
    /// A container image function's `ImageUri` (a registry reference, or `oci:` / `oci-archive:` / `docker-archive:`),
    /// pulled by Lamb's image cache.
    case image(String)
}

/// A function the template declares, with its settings resolved.
public struct StackFunction: Sendable, Equatable {
    public var logicalId: String
    /// `FunctionName` if set, otherwise the logical id (as `sam local start-lambda` names functions).
    public var name: String
    public var code: CodeSource
    /// Runtime, handler, role (SAM's implicit role when the template names none), memory, timeout, environment,
    /// ephemeral storage, architectures, tracing, layers (as ARNs; a `Ref` to a template layer is resolved through
    /// ``TemplateLoader/load(path:knownReferences:)``), dead-letter target, SnapStart, logging.
    public var settings: FunctionSettingsPatch
    /// Logical ids of the template's own layers this function uses, in `Layers` order.
    public var layerLogicalIds: [String]
    public var reservedConcurrency: Int?
    /// SAM's `AutoPublishAlias`: publish a version when code or configuration changes and point this alias at it.
    public var autoPublishAlias: String?
    /// `ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions` (on the auto-published alias).
    public var provisionedConcurrency: Int?
    /// SAM's `EventInvokeConfig` (on `$LATEST`, or on the alias with `AutoPublishAlias`).
    public var eventInvokeConfig: EventInvokeConfigPatch?
    public var tags: [String: String]
    /// The function's `Events`, kept for the gateway, schedules and event-source mappings.
    public var events: [StackFunctionEvent]
    /// `Metadata.BuildMethod` etc., when present (e.g. `makefile`, `esbuild`).
    public var buildMethod: String?
    /// SAM's `FunctionUrlConfig`: the function gets a URL (on `$LATEST`, or on the alias with `AutoPublishAlias`).
    public var functionURL: StackFunctionURL?

    public init(
        logicalId: String, name: String, code: CodeSource, settings: FunctionSettingsPatch,
        layerLogicalIds: [String] = [], reservedConcurrency: Int? = nil, autoPublishAlias: String? = nil,
        provisionedConcurrency: Int? = nil, eventInvokeConfig: EventInvokeConfigPatch? = nil,
        tags: [String: String] = [:], events: [StackFunctionEvent] = [], buildMethod: String? = nil,
        functionURL: StackFunctionURL? = nil
    ) {
        self.logicalId = logicalId
        self.name = name
        self.code = code
        self.settings = settings
        self.layerLogicalIds = layerLogicalIds
        self.reservedConcurrency = reservedConcurrency
        self.autoPublishAlias = autoPublishAlias
        self.provisionedConcurrency = provisionedConcurrency
        self.eventInvokeConfig = eventInvokeConfig
        self.tags = tags
        self.events = events
        self.buildMethod = buildMethod
        self.functionURL = functionURL
    }
}

/// One entry of a function's `Events`, with intrinsics resolved.
public struct StackFunctionEvent: Sendable, Equatable {
    /// The event's key under `Events`.
    public var name: String
    /// `Api`, `HttpApi`, `Schedule`, `SQS`, ...
    public var type: String
    /// `Properties`, resolved.
    public var properties: TemplateValue

    public init(name: String, type: String, properties: TemplateValue) {
        self.name = name
        self.type = type
        self.properties = properties
    }
}

/// A layer the template declares.
public struct StackLayer: Sendable, Equatable {
    public var logicalId: String
    /// `LayerName` if set, otherwise the logical id.
    public var name: String
    public var content: CodeSource
    public var settings: LayerVersionSettings
    /// `Metadata.BuildMethod` (`python3.12`, `nodejs20.x`, `makefile`): dependencies installed like a function's.
    public var buildMethod: String?

    public init(
        logicalId: String, name: String, content: CodeSource, settings: LayerVersionSettings,
        buildMethod: String? = nil
    ) {
        self.logicalId = logicalId
        self.name = name
        self.content = content
        self.settings = settings
        self.buildMethod = buildMethod
    }
}

/// `AWS::Lambda::Version`.
public struct StackVersion: Sendable, Equatable {
    public var logicalId: String
    /// The function's name (the target of `FunctionName`).
    public var function: String
    public var description: String?
    /// `ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions` (on the published version).
    public var provisionedConcurrency: Int?

    public init(logicalId: String, function: String, description: String? = nil, provisionedConcurrency: Int? = nil) {
        self.logicalId = logicalId
        self.function = function
        self.description = description
        self.provisionedConcurrency = provisionedConcurrency
    }
}

/// `AWS::Lambda::Alias`.
public struct StackAlias: Sendable, Equatable {
    public var logicalId: String
    public var function: String
    public var name: String
    /// A version number, or the logical id of a template `AWS::Lambda::Version` (resolved when it is published).
    public var functionVersion: StackVersionTarget
    public var description: String?
    /// `RoutingConfig.AdditionalVersionWeights`, version → weight.
    public var additionalVersionWeights: [String: Double]
    public var provisionedConcurrency: Int?

    public init(
        logicalId: String, function: String, name: String, functionVersion: StackVersionTarget,
        description: String? = nil, additionalVersionWeights: [String: Double] = [:],
        provisionedConcurrency: Int? = nil
    ) {
        self.logicalId = logicalId
        self.function = function
        self.name = name
        self.functionVersion = functionVersion
        self.description = description
        self.additionalVersionWeights = additionalVersionWeights
        self.provisionedConcurrency = provisionedConcurrency
    }
}

/// What an alias points at.
public enum StackVersionTarget: Sendable, Equatable {
    /// `$LATEST` or a number, as written.
    case literal(String)
    /// `!GetAtt MyVersion.Version` or `!Ref MyVersion`: the version a template `AWS::Lambda::Version` publishes.
    case versionResource(String)
}

/// `AWS::Lambda::EventInvokeConfig`.
public struct StackEventInvokeConfig: Sendable, Equatable {
    public var logicalId: String
    public var function: String
    public var qualifier: String
    public var config: EventInvokeConfigPatch

    public init(logicalId: String, function: String, qualifier: String, config: EventInvokeConfigPatch) {
        self.logicalId = logicalId
        self.function = function
        self.qualifier = qualifier
        self.config = config
    }
}

/// `AWS::Lambda::Permission`: a statement of the function's (or version's, alias's) resource policy, added with
/// the resource's logical id as its statement id, as CloudFormation names it.
public struct StackPermission: Sendable, Equatable {
    public var logicalId: String
    public var function: String
    /// The version or alias a qualified `FunctionName` names; `nil` for the function's own policy.
    public var qualifier: String?
    public var action: String
    public var principal: String
    public var sourceArn: String?
    public var sourceAccount: String?
    public var principalOrgID: String?
    public var functionUrlAuthType: String?
    public var eventSourceToken: String?

    public init(
        logicalId: String, function: String, qualifier: String? = nil, action: String, principal: String,
        sourceArn: String? = nil, sourceAccount: String? = nil, principalOrgID: String? = nil,
        functionUrlAuthType: String? = nil, eventSourceToken: String? = nil
    ) {
        self.logicalId = logicalId
        self.function = function
        self.qualifier = qualifier
        self.action = action
        self.principal = principal
        self.sourceArn = sourceArn
        self.sourceAccount = sourceAccount
        self.principalOrgID = principalOrgID
        self.functionUrlAuthType = functionUrlAuthType
        self.eventSourceToken = eventSourceToken
    }
}
