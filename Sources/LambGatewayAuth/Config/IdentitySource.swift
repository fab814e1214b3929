/// Where an authorizer finds the caller's identity, parsed from API Gateway's selection expressions: REST writes
/// `method.request.header.Auth`, `method.request.querystring.q`, `stageVariables.v`, `context.c`; HTTP APIs write
/// `$request.header.Auth`, `$request.querystring.q`, `$stageVariables.v`, `$context.c` (and WebSocket-style
/// `route.request.header.Auth`, accepted for the same meaning).
public enum IdentitySource: Sendable, Hashable, CustomStringConvertible {
    /// Header names are compared case-insensitively.
    case header(String)
    /// Query string names are case-sensitive.
    case queryString(String)
    case stageVariable(String)
    /// A context variable (`requestId`, `routeKey`, `stage`, `httpMethod`, `path`, `resourcePath`,
    /// `identity.sourceIp`, `domainName`, `apiId`, `accountId`).
    case context(String)

    private enum Place { case header, queryString, stageVariable, context }

    private static let prefixes: [(String, Place)] = [
        ("method.request.header.", .header), ("$request.header.", .header), ("route.request.header.", .header),
        ("method.request.querystring.", .queryString), ("$request.querystring.", .queryString),
        ("route.request.querystring.", .queryString),
        ("stageVariables.", .stageVariable), ("$stageVariables.", .stageVariable),
        ("context.", .context), ("$context.", .context),
    ]

    /// Parses a selection expression in either API kind's spelling; nil for anything else (or an empty name).
    public init?(expression: String) {
        let trimmed = expression.trimmingWhitespace
        for (prefix, place) in Self.prefixes where trimmed.hasPrefix(prefix) {
            let name = String(trimmed.dropFirst(prefix.count))
            guard !name.isEmpty else { return nil }
            switch place {
            case .header: self = .header(name)
            case .queryString: self = .queryString(name)
            case .stageVariable: self = .stageVariable(name)
            case .context: self = .context(name)
            }
            return
        }
        return nil
    }

    /// The expression in REST's spelling (`method.request.header.Authorization`).
    public var restExpression: String {
        switch self {
        case .header(let name): "method.request.header.\(name)"
        case .queryString(let name): "method.request.querystring.\(name)"
        case .stageVariable(let name): "stageVariables.\(name)"
        case .context(let name): "context.\(name)"
        }
    }

    /// The expression in HTTP API's spelling (`$request.header.Authorization`).
    public var httpExpression: String {
        switch self {
        case .header(let name): "$request.header.\(name)"
        case .queryString(let name): "$request.querystring.\(name)"
        case .stageVariable(let name): "$stageVariables.\(name)"
        case .context(let name): "$context.\(name)"
        }
    }

    public var description: String { httpExpression }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
