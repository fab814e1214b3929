/// One HTTP request as the gateway received it, before any event is made from it. Pure data: the HTTP server fills
/// it in, the event builders read it.
public struct GatewayRequest: Sendable, Equatable {
    /// As sent (`GET`); compared upper-cased.
    public var method: String
    /// The request target's path, still percent-encoded, without the query (`/Prod/users/J%C3%BCrgen`).
    public var rawPath: String
    /// Everything after `?`, as sent (empty when there is none).
    public var rawQueryString: String
    /// In the order received, names as sent; a header sent twice appears twice.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// The client's address (`requestContext.identity.sourceIp` / `requestContext.http.sourceIp`).
    public var sourceIp: String
    /// `HTTP/1.1`, `HTTP/2.0`.
    public var protocolVersion: String
    /// When the gateway received the request, in milliseconds since 1970 (`requestTimeEpoch` / `timeEpoch`).
    public var timeEpochMilliseconds: Int64
    /// A UUID, also the `x-amzn-RequestId` response header.
    public var requestId: String
    /// `<api-id>.execute-api.<region>.amazonaws.com`-shaped (or `<url-id>.lambda-url.<region>.on.aws`), chosen by
    /// the server; its first label is the event's `domainPrefix`.
    public var domainName: String
    /// The account the API belongs to (`requestContext.accountId`).
    public var accountId: String

    public init(
        method: String, rawPath: String, rawQueryString: String = "", headers: [(String, String)] = [],
        body: [UInt8] = [], sourceIp: String = "127.0.0.1", protocolVersion: String = "HTTP/1.1",
        timeEpochMilliseconds: Int64, requestId: String, domainName: String, accountId: String
    ) {
        self.method = method
        self.rawPath = rawPath
        self.rawQueryString = rawQueryString
        self.headers = headers
        self.body = body
        self.sourceIp = sourceIp
        self.protocolVersion = protocolVersion
        self.timeEpochMilliseconds = timeEpochMilliseconds
        self.requestId = requestId
        self.domainName = domainName
        self.accountId = accountId
    }

    /// Splits a request target (`/a/b?x=1`) into path and query.
    public init(
        method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = [],
        sourceIp: String = "127.0.0.1", timeEpochMilliseconds: Int64, requestId: String, domainName: String,
        accountId: String
    ) {
        let (path, query) = Self.split(target: target)
        self.init(
            method: method, rawPath: path, rawQueryString: query, headers: headers, body: body,
            sourceIp: sourceIp, timeEpochMilliseconds: timeEpochMilliseconds, requestId: requestId,
            domainName: domainName, accountId: accountId)
    }

    /// Path and query of a target: the text before the first `?` and after it (empty when there is none).
    private static func split(target: String) -> (String, String) {
        guard ASCIIText.isASCII(target) else {
            let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts.first.map(String.init) ?? "/", parts.count > 1 ? String(parts[1]) : "")
        }
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, "") }
        return (String(target[..<mark]), String(target[target.utf8.index(after: mark)...]))
    }

    public static func == (lhs: GatewayRequest, rhs: GatewayRequest) -> Bool {
        lhs.method == rhs.method && lhs.rawPath == rhs.rawPath && lhs.rawQueryString == rhs.rawQueryString
            && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 } && lhs.body == rhs.body
            && lhs.sourceIp == rhs.sourceIp && lhs.protocolVersion == rhs.protocolVersion
            && lhs.timeEpochMilliseconds == rhs.timeEpochMilliseconds && lhs.requestId == rhs.requestId
            && lhs.domainName == rhs.domainName && lhs.accountId == rhs.accountId
    }

    /// Every value of a header, compared case-insensitively, in the order received.
    public func headerValues(_ name: String) -> [String] {
        headers.compactMap { ASCIIText.same($0.0, name) ? $0.1 : nil }
    }

    /// The first value of a header, or nil.
    public func header(_ name: String) -> String? { headers.first { ASCIIText.same($0.0, name) }?.1 }

    /// `domainName`'s first label: the API id (or URL id) on AWS.
    public var domainPrefix: String {
        String(ASCIIText.firstPiece(of: domainName, separatedBy: UInt8(ascii: ".")) ?? Substring(domainName))
    }

    /// Headers grouped by name, in order of first appearance. With `lowercased`, names are folded as payload 2.0
    /// does; otherwise the first spelling seen is kept and later ones with other case join it.
    func groupedHeaders(lowercased: Bool, excluding excluded: String? = nil) -> [(String, [String])] {
        OrderedGroups.group(
            excluded.map { excluded in headers.filter { !ASCIIText.same($0.0, excluded) } } ?? headers,
            lowercasedKeys: lowercased, caseInsensitive: true)
    }

    /// The query's parameters, percent-decoded (`+` as a space), grouped by name in order of first appearance. A
    /// parameter without `=` has an empty value; empty pieces (`a=1&&b=2`) are skipped.
    var queryParameters: [(String, [String])] {
        let pairs = rawQueryString.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (
                PercentDecoding.decode(parts[0], plusAsSpace: true),
                parts.count > 1 ? PercentDecoding.decode(parts[1], plusAsSpace: true) : ""
            )
        }
        return OrderedGroups.group(pairs, lowercasedKeys: false, caseInsensitive: false)
    }
}

/// Groups name/value pairs by name, keeping the order in which names first appear.
enum OrderedGroups {
    static func group(_ pairs: [(String, String)], lowercasedKeys: Bool, caseInsensitive: Bool) -> [(String, [String])]
    {
        var groups: [(String, [String])] = []
        groups.reserveCapacity(pairs.count)
        // Each group's key; a handful of names is found faster by a scan than by hashing.
        var keys: [String] = []
        keys.reserveCapacity(pairs.count)
        var indexByKey: [String: Int]? = pairs.count > 16 ? [:] : nil
        for (name, value) in pairs {
            let key = caseInsensitive ? ASCIIText.lowercased(name) : name
            if let index = indexByKey != nil ? indexByKey![key] : keys.firstIndex(of: key) {
                groups[index].1.append(value)
            } else {
                indexByKey?[key] = groups.count
                keys.append(key)
                groups.append((lowercasedKeys ? ASCIIText.lowercased(name) : name, [value]))
            }
        }
        return groups
    }
}
