import Foundation
import Testing

@testable import LambAuth

/// Signatures here were made by botocore (`SigV4Auth`, the signer boto3 and the AWS CLI use) for the example key
/// below, so the verifier and the CLI's signer are checked against the SDKs, not against themselves.
@Suite struct SignedRequestVerifierTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let signedAt = SigV4.parseAmzDate("20261205T041804Z")!
    static let invokePath =
        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Afoo/invocations"
    static let invokeSignature = "298de946a9432b527c905493423e1c10873265c8b9694e37252fad36618dced7"

    func verifier(token: String? = nil) -> SignedRequestVerifier {
        SignedRequestVerifier(
            keys: AccessKeyStore(userKeys: [
                AccessKey(id: "AKIDEXAMPLE", secret: Self.secret, sessionToken: token, owner: .user)
            ]), region: "us-east-1")
    }

    func invoke(signature: String = invokeSignature, body: String = #"{"a": 1}"#, date: String = "20261205T041804Z")
        -> SignedRequestVerifier.Request
    {
        SignedRequestVerifier.Request(
            method: "POST", rawPath: Self.invokePath, rawQuery: "Qualifier=live",
            headers: [
                ("Host", "127.0.0.1:9001"), ("X-Amz-Date", date),
                ("Authorization",
                 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261205/us-east-1/lambda/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=\(signature)"),
            ],
            payloadHash: CanonicalRequest.hexSHA256(Array(body.utf8)))
    }

    @Test func acceptsWhatBotocoreSigned() throws {
        let key = try verifier().verify(invoke(), now: Self.signedAt.addingTimeInterval(60)).get()
        #expect(key.owner == .user)
    }

    @Test func acceptsASessionTokenWhenTheKeyHasOne() throws {
        let request = SignedRequestVerifier.Request(
            method: "GET", rawPath: "/2015-03-31/functions/", rawQuery: "MaxItems=10&Marker=a%2Fb%20c",
            headers: [
                ("Host", "127.0.0.1:9001"), ("X-Amz-Date", "20261205T041804Z"), ("X-Amz-Security-Token", "TOKEN123"),
                ("Authorization",
                 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261205/us-east-1/lambda/aws4_request, "
                    + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                    + "Signature=f17ff4dcca858b8befedb1523e1866cf704343436723c9c1cadc90e13d266595"),
            ], payloadHash: CanonicalRequest.hexSHA256([UInt8]()))
        _ = try verifier(token: "TOKEN123").verify(request, now: Self.signedAt).get()
        // The same request against a long-term key (no token expected): the token makes it unrecognised.
        #expect(verifier().verify(request, now: Self.signedAt) == .failure(.unrecognizedClient))
    }

    @Test func refusesATamperedBody() {
        #expect(
            verifier().verify(invoke(body: #"{"a": 2}"#), now: Self.signedAt) == .failure(.signatureMismatch))
    }

    @Test func refusesAWrongSecret() {
        let wrong = SignedRequestVerifier(
            keys: AccessKeyStore(userKeys: [AccessKey(id: "AKIDEXAMPLE", secret: "other", owner: .user)]),
            region: "us-east-1")
        #expect(wrong.verify(invoke(), now: Self.signedAt) == .failure(.signatureMismatch))
    }

    @Test func refusesAnUnknownKey() {
        let empty = SignedRequestVerifier(keys: AccessKeyStore(), region: "us-east-1")
        #expect(empty.verify(invoke(), now: Self.signedAt) == .failure(.unrecognizedClient))
    }

    @Test func answersAnExpiredSignatureAsAWSDoes() throws {
        let result = verifier().verify(invoke(), now: Self.signedAt.addingTimeInterval(600))
        let failure = try #require(result.failure)
        #expect(failure.type == "InvalidSignatureException")
        #expect(
            failure.message
                == "Signature expired: 20261205T041804Z is now earlier than 20261205T042304Z (20261205T042804Z - 5 min.)")
        let early = try #require(verifier().verify(invoke(), now: Self.signedAt.addingTimeInterval(-600)).failure)
        #expect(early.message.hasPrefix("Signature not yet current: 20261205T041804Z is still later than"))
    }

    @Test func refusesAnotherRegionAndMissingHeaders() throws {
        let elsewhere = SignedRequestVerifier(keys: verifier().keys, region: "eu-west-1")
        #expect(try #require(elsewhere.verify(invoke(), now: Self.signedAt).failure).type == "InvalidSignatureException")
        var bare = invoke()
        bare.headers.removeAll { $0.name == "Authorization" }
        #expect(verifier().verify(bare, now: Self.signedAt) == .failure(.missingToken))
        var garbled = invoke()
        garbled.headers[2] = ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261205")
        #expect(try #require(verifier().verify(garbled, now: Self.signedAt).failure).type == "IncompleteSignatureException")
    }

    @Test func theSignerMatchesBotocore() {
        let signer = RequestSigner(accessKeyId: "AKIDEXAMPLE", secret: Self.secret, sessionToken: nil, region: "us-east-1")
        let headers = signer.headers(
            method: "POST", rawPath: Self.invokePath, rawQuery: "Qualifier=live", host: "127.0.0.1:9001",
            body: Array(#"{"a": 1}"#.utf8), now: Self.signedAt)
        let authorization = headers.first { $0.name == "Authorization" }?.value ?? ""
        #expect(authorization.hasSuffix("Signature=\(Self.invokeSignature)"))
    }

    @Test func amzDatesRoundTripAndRefuseWhatIsNotADate() throws {
        let date = try #require(SigV4.parseAmzDate("20240229T235959Z"))
        #expect(SigV4.amzDate(date) == "20240229T235959Z")
        #expect(date.timeIntervalSince1970 == 1_709_251_199)
        for bad in ["20230229T000000Z", "20261305T000000Z", "2026120504150Z", "20261205 041500Z", "2026-12-05T04:15Z"] {
            #expect(SigV4.parseAmzDate(bad) == nil)
        }
    }

    @Test func canonicalPathsAreEncodedTwiceAndNormalised() {
        #expect(CanonicalRequest.canonicalPath("/a%3Ab/./c/../d/") == "/a%253Ab/d/")
        #expect(CanonicalRequest.canonicalPath("") == "/")
        #expect(CanonicalRequest.canonicalQuery("b=2&a=x%20y&a=1") == "a=1&a=x%20y&b=2")
    }

    @Test func issuedCredentialsAreDistinctPerFunctionAndAccepted() throws {
        let store = AccessKeyStore()
        let issuer = FunctionCredentials(store: store)
        let a = issuer.issue(function: "a")
        #expect(issuer.issue(function: "a") == a)
        #expect(issuer.issue(function: "b").id != a.id)
        #expect(a.id.hasPrefix("ASIA") && a.id.count == 20)
        #expect(store.key(id: a.id)?.owner == .function("a"))
    }

    @Test func readsSharedCredentialsFiles() {
        let profiles = SharedCredentialsFile.parse(
            """
            # comment
            [default]
            aws_access_key_id = AKIA1
            aws_secret_access_key=s1

            [other]
            aws_access_key_id=AKIA2
            aws_secret_access_key = s2
            aws_session_token = t2
            [incomplete]
            aws_access_key_id=AKIA3
            """)
        #expect(profiles.map(\.accessKeyId) == ["AKIA1", "AKIA2"])
        #expect(profiles[1].sessionToken == "t2")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
