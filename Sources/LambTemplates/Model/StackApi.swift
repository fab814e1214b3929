import LambCore

/// An `AWS::Serverless::Api` (REST) or `AWS::Serverless::HttpApi`, explicit or SAM's implicit one
/// (`ServerlessRestApi` / `ServerlessHttpApi`, made when a function has `Api` / `HttpApi` events without
/// `RestApiId` / `ApiId`), with `Globals.Api` / `Globals.HttpApi` merged in.
public struct StackApi: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// `AWS::Serverless::Api`: API Gateway REST API, payload 1.0.
        case rest
        /// `AWS::Serverless::HttpApi`: API Gateway HTTP API, payload 2.0 by default.
        case http
    }

    public var kind: Kind
    public var logicalId: String
    /// The id `Ref` gives (and events carry as `apiId`): ten characters derived from the stack and logical id.
    public var apiId: String
    /// Whether SAM would make it from events (`ServerlessRestApi`, `ServerlessHttpApi`).
    public var isImplicit: Bool
    /// `StageName`: REST APIs must have one (`Prod` for the implicit API), HTTP APIs default to `$default`.
    public var stageName: String
    /// `Cors` (REST) or `CorsConfiguration` (HTTP); nil when CORS is off.
    public var cors: StackCors?
    /// `BinaryMediaTypes` (REST), with SAM's `~1` turned back into `/`.
    public var binaryMediaTypes: [String]
    /// `Auth.Authorizers` that Lamb can run (Lambda and JWT), in template order.
    public var authorizers: [StackAuthorizer]
    /// `Auth.DefaultAuthorizer`: applies to every route whose event names no authorizer.
    public var defaultAuthorizer: String?
    /// `Variables` (REST) or `StageVariables` (HTTP).
    public var stageVariables: [String: String]

    public init(
        kind: Kind, logicalId: String, apiId: String, isImplicit: Bool = false, stageName: String,
        cors: StackCors? = nil, binaryMediaTypes: [String] = [], authorizers: [StackAuthorizer] = [],
        defaultAuthorizer: String? = nil, stageVariables: [String: String] = [:]
    ) {
        self.kind = kind
        self.logicalId = logicalId
        self.apiId = apiId
        self.isImplicit = isImplicit
        self.stageName = stageName
        self.cors = cors
        self.binaryMediaTypes = binaryMediaTypes
        self.authorizers = authorizers
        self.defaultAuthorizer = defaultAuthorizer
        self.stageVariables = stageVariables
    }
}

/// An API's CORS settings, read from SAM's two spellings into one shape.
///
/// REST `Cors` values are header values in single quotes, as SAM requires (`AllowOrigin: "'https://a.com'"`); the
/// quotes are removed and comma lists split. A bare string (`Cors: "'*'"`) is the allowed origin. HTTP
/// `CorsConfiguration: true` allows every origin, method and header.
public struct StackCors: Sendable, Equatable {
    public var allowOrigins: [String]
    /// Empty: REST answers with the methods of the path (SAM's default); HTTP allows none beyond simple requests.
    public var allowMethods: [String]
    public var allowHeaders: [String]
    public var exposeHeaders: [String]
    public var maxAge: Int?
    public var allowCredentials: Bool

    public init(
        allowOrigins: [String] = [], allowMethods: [String] = [], allowHeaders: [String] = [],
        exposeHeaders: [String] = [], maxAge: Int? = nil, allowCredentials: Bool = false
    ) {
        self.allowOrigins = allowOrigins
        self.allowMethods = allowMethods
        self.allowHeaders = allowHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
        self.allowCredentials = allowCredentials
    }
}

/// One entry of an API's `Auth.Authorizers` that Lamb runs.
public struct StackAuthorizer: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// REST `FunctionPayloadType: TOKEN` (SAM's default): the function gets `authorizationToken`.
        case lambdaToken
        /// REST `FunctionPayloadType: REQUEST`, or an HTTP API Lambda authorizer.
        case lambdaRequest
        /// HTTP API `JwtConfiguration`.
        case jwt
    }

    public var name: String
    public var kind: Kind
    /// Lambda authorizers: `FunctionArn` as resolved (an ARN, or a name).
    public var functionArn: String?
    /// The identity sources, as API Gateway writes them: `method.request.header.Authorization` (REST) or
    /// `$request.header.Authorization` (HTTP). A TOKEN authorizer has exactly one.
    public var identitySources: [String]
    /// Seconds a Lambda authorizer's answer is cached (`ReauthorizeEvery`; SAM's default 300, 0 turns it off).
    public var resultTTLSeconds: Int
    /// TOKEN: `Identity.ValidationExpression`, a regular expression the token must match.
    public var validationExpression: String?
    /// HTTP Lambda authorizers: `AuthorizerPayloadFormatVersion` (`1.0` / `2.0`).
    public var payloadFormatVersion: String?
    /// HTTP Lambda authorizers with payload 2.0: `{"isAuthorized": true}` answers.
    public var enableSimpleResponses: Bool
    /// JWT: `JwtConfiguration.issuer`.
    public var issuer: String?
    /// JWT: `JwtConfiguration.audience`.
    public var audience: [String]

    public init(
        name: String, kind: Kind, functionArn: String? = nil, identitySources: [String] = [],
        resultTTLSeconds: Int = 300, validationExpression: String? = nil, payloadFormatVersion: String? = nil,
        enableSimpleResponses: Bool = false, issuer: String? = nil, audience: [String] = []
    ) {
        self.name = name
        self.kind = kind
        self.functionArn = functionArn
        self.identitySources = identitySources
        self.resultTTLSeconds = resultTTLSeconds
        self.validationExpression = validationExpression
        self.payloadFormatVersion = payloadFormatVersion
        self.enableSimpleResponses = enableSimpleResponses
        self.issuer = issuer
        self.audience = audience
    }

    /// The function's name, from an ARN (`arn:aws:lambda:...:function:Name[:qualifier]`) or as given.
    public var functionName: String? {
        guard let functionArn else { return nil }
        let parts = functionArn.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 7, parts[0] == "arn", parts[5] == "function" { return String(parts[6]) }
        return functionArn
    }
}

/// A function's `FunctionUrlConfig`.
public struct StackFunctionURL: Sendable, Equatable {
    public var authType: FunctionURLAuthType
    public var cors: FunctionURLCors?
    public var invokeMode: FunctionURLInvokeMode

    public init(
        authType: FunctionURLAuthType, cors: FunctionURLCors? = nil, invokeMode: FunctionURLInvokeMode = .buffered
    ) {
        self.authType = authType
        self.cors = cors
        self.invokeMode = invokeMode
    }
}
