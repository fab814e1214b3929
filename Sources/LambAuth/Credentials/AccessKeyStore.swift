import Synchronization

/// One access key Lamb accepts.
public struct AccessKey: Sendable, Equatable {
    public enum Owner: Sendable, Equatable {
        /// A key the user gave Lamb (`--auth-key`, a credentials file).
        case user
        /// The execution-role credentials Lamb issued to this function's environments.
        case function(String)
    }

    public var id: String
    public var secret: String
    /// Required with the key when set (issued credentials are temporary ones, as a role's are).
    public var sessionToken: String?
    public var owner: Owner
    /// The account the key's holder belongs to, when not Lamb's own (`--auth-key ID:SECRET:ACCOUNT`): what a
    /// cross-account caller is, for resource policies.
    public var account: String?

    public init(id: String, secret: String, sessionToken: String? = nil, owner: Owner, account: String? = nil) {
        self.id = id
        self.secret = secret
        self.sessionToken = sessionToken
        self.owner = owner
        self.account = account
    }
}

/// The keys the Lambda API accepts: the user's, fixed at start-up, and those issued to functions, added as their
/// environments start.
public final class AccessKeyStore: Sendable {
    private let keys: Mutex<[String: AccessKey]>

    public init(userKeys: [AccessKey] = []) {
        keys = Mutex(Dictionary(userKeys.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }))
    }

    public func key(id: String) -> AccessKey? {
        keys.withLock { $0[id] }
    }

    public func add(_ key: AccessKey) {
        keys.withLock { $0[key.id] = key }
    }

    public var hasUserKeys: Bool {
        keys.withLock { $0.values.contains { $0.owner == .user } }
    }
}
