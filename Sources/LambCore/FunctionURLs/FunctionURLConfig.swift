import Foundation

/// Who may call a function URL: anyone (`NONE`) or SigV4-signed callers (`AWS_IAM`).
public enum FunctionURLAuthType: String, Codable, Sendable, CaseIterable {
    case none = "NONE"
    case awsIAM = "AWS_IAM"
}

/// How a function URL returns the function's response. Lamb stores `RESPONSE_STREAM` but answers buffered until
/// response streaming is built.
public enum FunctionURLInvokeMode: String, Codable, Sendable, CaseIterable {
    case buffered = "BUFFERED"
    case responseStream = "RESPONSE_STREAM"
}

/// A function URL's configuration (`FunctionUrlConfig` without the parts derived from where it is served).
public struct FunctionURLConfig: Codable, Sendable, Equatable {
    /// The 32 lowercase alphanumerics of the host name, chosen at random when the URL is created and never changed.
    public var urlId: String
    public var authType: FunctionURLAuthType
    /// `nil` when no CORS configuration was ever given.
    public var cors: FunctionURLCors?
    public var invokeMode: FunctionURLInvokeMode
    public var creationTime: Date
    public var lastModifiedTime: Date

    public init(
        urlId: String, authType: FunctionURLAuthType, cors: FunctionURLCors? = nil,
        invokeMode: FunctionURLInvokeMode = .buffered, creationTime: Date, lastModifiedTime: Date
    ) {
        self.urlId = urlId
        self.authType = authType
        self.cors = cors
        self.invokeMode = invokeMode
        self.creationTime = creationTime
        self.lastModifiedTime = lastModifiedTime
    }

    /// CreateFunctionUrlConfig: `AuthType` is required, `InvokeMode` defaults to `BUFFERED`.
    public static func creating(from change: FunctionURLChange, urlId: String, now: Date) throws(LambError)
        -> FunctionURLConfig
    {
        try FunctionURLRules.validate(change, creating: true)
        return FunctionURLConfig(
            urlId: urlId, authType: change.authType.flatMap(FunctionURLAuthType.init(rawValue:)) ?? .none,
            cors: change.cors,
            invokeMode: change.invokeMode.flatMap(FunctionURLInvokeMode.init(rawValue:)) ?? .buffered,
            creationTime: now, lastModifiedTime: now)
    }

    /// UpdateFunctionUrlConfig: what the change names replaces what the config had (a given `Cors` replaces the
    /// whole CORS configuration); the rest stays.
    public func updating(with change: FunctionURLChange, now: Date) throws(LambError) -> FunctionURLConfig {
        try FunctionURLRules.validate(change, creating: false)
        var next = self
        if let raw = change.authType, let authType = FunctionURLAuthType(rawValue: raw) { next.authType = authType }
        if let cors = change.cors { next.cors = cors }
        if let raw = change.invokeMode, let mode = FunctionURLInvokeMode(rawValue: raw) { next.invokeMode = mode }
        next.lastModifiedTime = now
        return next
    }
}

/// What CreateFunctionUrlConfig and UpdateFunctionUrlConfig ask for, as received (enums unchecked, so the rules can
/// word the refusal as Lambda does); `nil` is "not given".
public struct FunctionURLChange: Sendable, Equatable {
    public var authType: String?
    public var cors: FunctionURLCors?
    public var invokeMode: String?

    public init(authType: String? = nil, cors: FunctionURLCors? = nil, invokeMode: String? = nil) {
        self.authType = authType
        self.cors = cors
        self.invokeMode = invokeMode
    }
}

/// A function URL with the function and qualifier it belongs to: what a gateway needs to route a request.
public struct FunctionURLTarget: Sendable, Equatable {
    public var function: String
    /// `$LATEST` or an alias name.
    public var qualifier: String
    public var config: FunctionURLConfig

    public init(function: String, qualifier: String, config: FunctionURLConfig) {
        self.function = function
        self.qualifier = qualifier
        self.config = config
    }
}
