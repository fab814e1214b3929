/// The head of a streamed HTTP response, as `awslambda.HttpResponseStream.from(stream, {statusCode, headers,
/// cookies})` writes it at the start of a function's stream (content type
/// `application/vnd.awslambda.http-integration-response`): a JSON object, then 8 NUL bytes, then the body.
public struct HTTPIntegrationPrelude: Sendable, Equatable {
    /// The stream's content type when it starts with a prelude.
    public static let contentType = "application/vnd.awslambda.http-integration-response"
    /// Lamb reads at most this many bytes looking for the prelude's end (API Gateway requires it within 16 KB;
    /// Function URLs document no limit, so Lamb is generous).
    public static let maximumBytes = 1 << 20

    public var statusCode: Int
    /// In order; each cookie is a `set-cookie` header after them.
    public var headers: [(String, String)]

    public init(statusCode: Int = 200, headers: [(String, String)] = []) {
        self.statusCode = statusCode
        self.headers = headers
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.statusCode == rhs.statusCode && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }

    /// What the bytes read so far say.
    public enum Reading: Sendable, Equatable {
        /// The 8 NULs have not come yet (and the bytes are under ``maximumBytes``).
        case needMore
        /// The prelude, and how many bytes it took with its 8 NULs (the body starts there).
        case found(HTTPIntegrationPrelude, bodyStart: Int)
        /// Not a prelude: not a JSON object, a bad `statusCode`, or no end within ``maximumBytes``.
        case invalid
    }

    /// Reads the prelude at the start of `bytes`.
    public static func read(_ bytes: [UInt8]) -> Reading {
        guard let end = separator(in: bytes) else { return bytes.count > maximumBytes ? .invalid : .needMore }
        guard let prelude = parse(Array(bytes[..<end])) else { return .invalid }
        return .found(prelude, bodyStart: end + 8)
    }

    /// The offset of the first run of 8 NULs.
    private static func separator(in bytes: [UInt8]) -> Int? {
        var run = 0
        for (index, byte) in bytes.enumerated() {
            run = byte == 0 ? run + 1 : 0
            if run == 8 { return index - 7 }
        }
        return nil
    }

    /// The JSON object; an empty prelude means the defaults.
    static func parse(_ json: [UInt8]) -> HTTPIntegrationPrelude? {
        if json.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return HTTPIntegrationPrelude() }
        guard let value = GatewayJSON.parse(json), case .object = value else { return nil }
        var prelude = HTTPIntegrationPrelude()
        if let code = value["statusCode"], code != .null {
            guard let status = ProxyResult.statusCode(code) else { return nil }
            prelude.statusCode = status
        }
        if case .object(let members)? = value["headers"] {
            for (name, header) in members {
                guard let text = ProxyResult.scalarText(header) else { continue }
                prelude.headers.append((name.lowercased(), text))
            }
        }
        if case .array(let items)? = value["cookies"] {
            for item in items { if let text = ProxyResult.scalarText(item) { prelude.headers.append(("set-cookie", text)) } }
        }
        return prelude
    }
}
