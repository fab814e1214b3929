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
    /// `host` is the `Host` header the request will carry (`host:port`). S3 also wants the payload's hash as a
    /// signed `x-amz-content-sha256` header (`includePayloadHash`).
    public func headers(
        method: String, rawPath: String, rawQuery: String, host: String, body: [UInt8], now: Date = Date(),
        includePayloadHash: Bool = false
    ) -> [(name: String, value: String)] {
        let amzDate = SigV4.amzDate(now)
        let payloadHash = CanonicalRequest.hexSHA256(body)
        var signed: [(name: String, value: String)] = [("host", host), ("x-amz-date", amzDate)]
        if includePayloadHash { signed.append(("x-amz-content-sha256", payloadHash)) }
        if let sessionToken { signed.append(("x-amz-security-token", sessionToken)) }
        signed.sort { $0.name < $1.name }
        let names = signed.map(\.name)
        let canonical = CanonicalRequest(
            method: method, rawPath: rawPath, rawQuery: rawQuery, headers: signed, signedHeaders: names,
            payloadHash: payloadHash)
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
