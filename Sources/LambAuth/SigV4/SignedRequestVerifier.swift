import Foundation

/// Checks a request's Signature Version 4 `Authorization` header as AWS does: the header's shape, the credential
/// scope (date, this server's region, the service), the clock (five minutes either way), the access key and session
/// token, and finally the signature over the canonical request.
public struct SignedRequestVerifier: Sendable {
    public var keys: AccessKeyStore
    public var region: String
    /// The signing names this endpoint answers to (`lambda`).
    public var services: Set<String>
    /// How far a request's time may be from the server's.
    public var allowedSkew: TimeInterval = 300

    public init(keys: AccessKeyStore, region: String, services: Set<String> = ["lambda"]) {
        self.keys = keys
        self.region = region
        self.services = services
    }

    /// The request, as the gate holds it once its body has been read.
    public struct Request: Sendable {
        public var method: String
        public var rawPath: String
        public var rawQuery: String
        public var headers: [(name: String, value: String)]
        public var payloadHash: String

        public init(
            method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)],
            payloadHash: String
        ) {
            self.method = method
            self.rawPath = rawPath
            self.rawQuery = rawQuery
            self.headers = headers
            self.payloadHash = payloadHash
        }

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value
        }
    }

    /// The access key id an `Authorization` header names, if it is a well-formed Signature Version 4 one.
    public static func accessKeyId(inAuthorization header: String) -> String? {
        try? AuthorizationHeader.parse(header).get().credential.accessKeyId
    }

    /// The signer's identity, or why the request is refused.
    public func verify(_ request: Request, now: Date = Date()) -> Result<AccessKey, AuthFailure> {
        guard let authorization = request.header("authorization") else { return .failure(.missingToken) }
        let header: AuthorizationHeader
        switch AuthorizationHeader.parse(authorization) {
        case .success(let parsed): header = parsed
        case .failure(let failure): return .failure(failure)
        }
        guard let amzDate = request.header("x-amz-date") else {
            return .failure(
                .incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."))
        }
        guard let signedAt = SigV4.parseAmzDate(amzDate) else {
            return .failure(.incomplete("Date must be in ISO-8601 'basic format'. Got '\(amzDate)'."))
        }
        if let failure = checkScope(header.credential, amzDate: amzDate) { return .failure(failure) }
        if let failure = checkClock(signedAt: signedAt, now: now) { return .failure(failure) }
        guard header.signedHeaders.contains("host") else {
            return .failure(.invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization."))
        }
        guard let key = keys.key(id: header.credential.accessKeyId),
            key.sessionToken == request.header("x-amz-security-token")
        else { return .failure(.unrecognizedClient) }

        let canonical = CanonicalRequest(
            method: request.method, rawPath: request.rawPath, rawQuery: request.rawQuery, headers: request.headers,
            signedHeaders: header.signedHeaders, payloadHash: request.payloadHash)
        let scope = SigV4.scope(
            date: header.credential.date, region: header.credential.region, service: header.credential.service)
        let expected = SigV4.signature(
            secret: key.secret, date: header.credential.date, region: header.credential.region,
            service: header.credential.service,
            stringToSign: SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical.text))
        guard Self.constantTimeEqual(expected, header.signature) else { return .failure(.signatureMismatch) }
        return .success(key)
    }

    private func checkScope(_ credential: AuthorizationHeader.Credential, amzDate: String) -> AuthFailure? {
        if !amzDate.hasPrefix(credential.date) {
            return .invalidSignature(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(credential.date)' != '\(amzDate.prefix(8))', from '\(amzDate)'.")
        }
        if credential.region != region {
            return .invalidSignature(
                "Credential should be scoped to a valid region. Lamb serves '\(region)', not '\(credential.region)'.")
        }
        if !services.contains(credential.service) {
            let names = services.sorted().map { "'\($0)'" }.joined(separator: " or ")
            return .invalidSignature("Credential should be scoped to correct service: \(names). ")
        }
        if credential.terminator != "aws4_request" {
            return .invalidSignature(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '\(credential.terminator)'.")
        }
        return nil
    }

    private func checkClock(signedAt: Date, now: Date) -> AuthFailure? {
        let minutes = Int(allowedSkew / 60)
        if signedAt < now.addingTimeInterval(-allowedSkew) {
            return .invalidSignature(
                "Signature expired: \(SigV4.amzDate(signedAt)) is now earlier than "
                    + "\(SigV4.amzDate(now.addingTimeInterval(-allowedSkew))) (\(SigV4.amzDate(now)) - \(minutes) min.)")
        }
        if signedAt > now.addingTimeInterval(allowedSkew) {
            return .invalidSignature(
                "Signature not yet current: \(SigV4.amzDate(signedAt)) is still later than "
                    + "\(SigV4.amzDate(now.addingTimeInterval(allowedSkew))) (\(SigV4.amzDate(now)) + \(minutes) min.)")
        }
        return nil
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
