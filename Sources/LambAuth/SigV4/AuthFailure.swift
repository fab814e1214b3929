/// Why a request was not accepted, as AWS answers it (the error type boto3 raises, and its message).
public struct AuthFailure: Error, Sendable, Equatable {
    public var type: String
    public var message: String
    public var status: Int

    public init(type: String, message: String, status: Int = 403) {
        self.type = type
        self.message = message
        self.status = status
    }

    static func incomplete(_ message: String) -> AuthFailure {
        AuthFailure(type: "IncompleteSignatureException", message: message)
    }

    static func invalidSignature(_ message: String) -> AuthFailure {
        AuthFailure(type: "InvalidSignatureException", message: message)
    }

    public static let missingToken = AuthFailure(
        type: "MissingAuthenticationTokenException", message: "Missing Authentication Token")

    public static let unrecognizedClient = AuthFailure(
        type: "UnrecognizedClientException", message: "The security token included in the request is invalid.")

    public static let signatureMismatch = invalidSignature(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access"
            + " Key and signing method. Consult the service documentation for details.")
}
