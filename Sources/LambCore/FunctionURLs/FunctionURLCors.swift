/// A function URL's `Cors`: only the members that were given are set, and only those are answered back.
public struct FunctionURLCors: Codable, Sendable, Equatable {
    public var allowCredentials: Bool?
    public var allowHeaders: [String]?
    public var allowMethods: [String]?
    public var allowOrigins: [String]?
    public var exposeHeaders: [String]?
    public var maxAge: Int?

    public init(
        allowCredentials: Bool? = nil, allowHeaders: [String]? = nil, allowMethods: [String]? = nil,
        allowOrigins: [String]? = nil, exposeHeaders: [String]? = nil, maxAge: Int? = nil
    ) {
        self.allowCredentials = allowCredentials
        self.allowHeaders = allowHeaders
        self.allowMethods = allowMethods
        self.allowOrigins = allowOrigins
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
    }

    /// Whether the configuration asks for anything: `Cors: {}` (or only empty lists) turns CORS off.
    public var isEnabled: Bool {
        allowCredentials == true || !(allowHeaders ?? []).isEmpty || !(allowMethods ?? []).isEmpty
            || !(allowOrigins ?? []).isEmpty || !(exposeHeaders ?? []).isEmpty || (maxAge ?? 0) > 0
    }
}
