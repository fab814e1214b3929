import Foundation

/// Signs requests as the AWS SDKs do (the `lamb` CLI's requests to a server started with `--auth sigv4`).
public struct RequestSigner: Sendable {
    public var accessKeyId: String
    public var secret: String
    public var sessionToken: String?
    public var region: String
    public var service: String

    public init(accessKeyId: String, secret: String, sessionToken: String?, region: String, service: String = "lambda") {
        self.accessKeyId = accessKeyId
        self.secret = secret
        self.sessionToken = sessionToken
        self.region = region
        self.service = service
    }

    /// The headers to add: `X-Amz-Date`, `X-Amz-Security-Token` when there is a token, and `Authorization`.
    /// `host` is the `Host` header the request will carry (`host:port`).
    public func headers(
        method: String, rawPath: String, rawQuery: String, host: String, body: [UInt8], now: Date = Date()
    ) -> [(name: String, value: String)] {
        let amzDate = SigV4.amzDate(now)
        var signed: [(name: String, value: String)] = [("host", host), ("x-amz-date", amzDate)]
        if let sessionToken { signed.append(("x-amz-security-token", sessionToken)) }
        let names = signed.map(\.name).sorted()
        let canonical = CanonicalRequest(
            method: method, rawPath: rawPath, rawQuery: rawQuery, headers: signed, signedHeaders: names,
            payloadHash: CanonicalRequest.hexSHA256(body))
        let date = String(amzDate.prefix(8))
        let scope = SigV4.scope(date: date, region: region, service: service)
        let signature = SigV4.signature(
            secret: secret, date: date, region: region, service: service,
            stringToSign: SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical.text))
        var result = signed.filter { $0.name != "host" }.map { (name: $0.name, value: $0.value) }
        result.append(
            ("Authorization",
             "\(SigV4.algorithm) Credential=\(accessKeyId)/\(scope), SignedHeaders=\(names.joined(separator: ";")), "
                + "Signature=\(signature)"))
        return result
    }
}
