import Foundation

/// How a function (one qualifier of it) handles asynchronous invocations: Lambda's `FunctionEventInvokeConfig`.
///
/// Members the user did not set stay `nil` and are left out of API answers, as Lambda does; the effective values
/// (``retryAttempts``, ``eventAgeSeconds``) fall back to Lambda's defaults. A stored config is always valid.
public struct EventInvokeConfig: Codable, Sendable, Equatable {
    /// Lambda retries a failed asynchronous invocation twice unless told otherwise.
    public static let defaultRetryAttempts = 2
    /// Lambda keeps an event in its queue for six hours unless told otherwise.
    public static let defaultEventAgeSeconds = 21600
    public static let retryAttemptsRange = 0...2
    public static let eventAgeRange = 60...21600

    public var maximumRetryAttempts: Int?
    public var maximumEventAgeInSeconds: Int?
    /// `DestinationConfig.OnSuccess.Destination`.
    public var onSuccess: String?
    /// `DestinationConfig.OnFailure.Destination`.
    public var onFailure: String?
    public var lastModified: Date

    public init(
        maximumRetryAttempts: Int? = nil, maximumEventAgeInSeconds: Int? = nil, onSuccess: String? = nil,
        onFailure: String? = nil, lastModified: Date = Date()
    ) {
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumEventAgeInSeconds = maximumEventAgeInSeconds
        self.onSuccess = onSuccess
        self.onFailure = onFailure
        self.lastModified = lastModified
    }

    /// What applies to a function that has no config at all.
    public static let defaults = EventInvokeConfig(lastModified: Date(timeIntervalSince1970: 0))

    /// Retries after a function error, with the default applied.
    public var retryAttempts: Int { maximumRetryAttempts ?? Self.defaultRetryAttempts }

    /// How long an event may wait in the queue, with the default applied.
    public var eventAgeSeconds: Int { maximumEventAgeInSeconds ?? Self.defaultEventAgeSeconds }
}

/// What PutFunctionEventInvokeConfig or UpdateFunctionEventInvokeConfig carries. `nil` means "not given".
///
/// Inside `DestinationConfig`, a destination given as `""` clears it (Lambda's pattern allows the empty string).
public struct EventInvokeConfigPatch: Sendable, Equatable {
    public var maximumRetryAttempts: Int?
    public var maximumEventAgeInSeconds: Int?
    /// Whether the request had a `DestinationConfig` member at all.
    public var hasDestinationConfig = false
    public var onSuccess: String?
    public var onFailure: String?

    public init(
        maximumRetryAttempts: Int? = nil, maximumEventAgeInSeconds: Int? = nil, hasDestinationConfig: Bool = false,
        onSuccess: String? = nil, onFailure: String? = nil
    ) {
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumEventAgeInSeconds = maximumEventAgeInSeconds
        self.hasDestinationConfig = hasDestinationConfig || onSuccess != nil || onFailure != nil
        self.onSuccess = onSuccess
        self.onFailure = onFailure
    }

    /// Lambda refuses a Put or Update that sets nothing.
    public var isEmpty: Bool { maximumRetryAttempts == nil && maximumEventAgeInSeconds == nil && !hasDestinationConfig }
}

extension EventInvokeConfig {
    /// PutFunctionEventInvokeConfig: the patch becomes the whole config; what it leaves out is removed.
    public static func replacing(with patch: EventInvokeConfigPatch, rules: EventInvokeConfigRules, now: Date)
        throws(LambError) -> EventInvokeConfig
    {
        try rules.validate(patch)
        return EventInvokeConfig(
            maximumRetryAttempts: patch.maximumRetryAttempts, maximumEventAgeInSeconds: patch.maximumEventAgeInSeconds,
            onSuccess: patch.onSuccess.flatMap { $0.isEmpty ? nil : $0 },
            onFailure: patch.onFailure.flatMap { $0.isEmpty ? nil : $0 }, lastModified: now)
    }

    /// UpdateFunctionEventInvokeConfig: what the patch gives replaces the member of the same name; the rest stays.
    /// Within `DestinationConfig`, `OnSuccess` and `OnFailure` are merged one by one.
    public func merging(_ patch: EventInvokeConfigPatch, rules: EventInvokeConfigRules, now: Date)
        throws(LambError) -> EventInvokeConfig
    {
        try rules.validate(patch)
        var next = self
        if let v = patch.maximumRetryAttempts { next.maximumRetryAttempts = v }
        if let v = patch.maximumEventAgeInSeconds { next.maximumEventAgeInSeconds = v }
        if let v = patch.onSuccess { next.onSuccess = v.isEmpty ? nil : v }
        if let v = patch.onFailure { next.onFailure = v.isEmpty ? nil : v }
        next.lastModified = now
        return next
    }
}
