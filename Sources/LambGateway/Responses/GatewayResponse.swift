/// What the gateway answers: a status, headers in order (a name may repeat, as `Set-Cookie` does), and body bytes.
public struct GatewayResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: GatewayResponse, rhs: GatewayResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { ASCIIText.same($0.0, name) }?.1
    }

    /// Every value of a header, in order.
    public func headerValues(_ name: String) -> [String] {
        headers.compactMap { ASCIIText.same($0.0, name) ? $0.1 : nil }
    }

    /// Whether the response has the header at all.
    public func hasHeader(_ name: String) -> Bool { header(name) != nil }

    /// Adds a header unless one of that name is already there.
    public mutating func addDefault(_ name: String, _ value: String) {
        if !hasHeader(name) { headers.append((name, value)) }
    }

    /// A body as UTF-8 text (for tests and logs).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
