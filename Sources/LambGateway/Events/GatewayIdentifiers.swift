import Foundation
import LambCore
import Synchronization

/// Identifiers shaped like API Gateway's, made deterministically so that a restarted `lamb serve` gives an API the
/// same id (and so the same `domainName`) as before.
public enum GatewayIdentifiers {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// A REST or HTTP API's id: ten characters of `[a-z0-9]`, like `gy415nuibc`, from the stack and logical id.
    public static func apiId(stackName: String, logicalId: String) -> String {
        token(SHA256.hash(Array("\(stackName)/\(logicalId)".utf8)), length: 10)
    }

    /// A REST resource id (`requestContext.resourceId`): six characters, like `roq9wj`, from the API and path.
    /// Each is made once (every request to a route needs its route's).
    public static func resourceId(apiId: String, path: String) -> String {
        let key = "\(apiId) \(path)"
        if let known = resourceIds.withLock({ $0[key] }) { return known }
        let id = token(SHA256.hash(Array(key.utf8)), length: 6)
        resourceIds.withLock { $0[key] = id }
        return id
    }

    private static let resourceIds = Mutex([String: String]())

    /// API Gateway's extended request id (`extendedRequestId`, the `x-amz-apigw-id` header, and an HTTP API's
    /// `requestId`): sixteen characters of base64 ending in `=`, like `BQGojGkyoAMFZPA=`. The last one made is kept:
    /// a request's event and its response both carry it.
    public static func extendedRequestId(requestId: String) -> String {
        if let known = lastExtended.withLock({ $0?.requestId == requestId ? $0?.id : nil }) { return known }
        let id = Data(SHA256.hash(Array(requestId.utf8)).prefix(10)).base64EncodedString()
        lastExtended.withLock { $0 = (requestId, id) }
        return id
    }

    private static let lastExtended = Mutex<(requestId: String, id: String)?>(nil)

    /// `<api-id>.execute-api.<region>.amazonaws.com`, the `domainName` of an API's events on AWS.
    public static func executeAPIDomain(apiId: String, region: String) -> String {
        "\(apiId).execute-api.\(region).amazonaws.com"
    }

    /// `<url-id>.lambda-url.<region>.on.aws`, the `domainName` of a function URL's events on AWS.
    public static func functionURLDomain(urlId: String, region: String) -> String {
        "\(urlId).lambda-url.\(region).on.aws"
    }

    private static func token(_ digest: [UInt8], length: Int) -> String {
        String(digest.prefix(length).map { alphabet[Int($0) % alphabet.count] })
    }
}
