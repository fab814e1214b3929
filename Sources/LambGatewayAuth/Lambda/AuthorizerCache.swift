import Foundation

/// Lambda authorizers' answers, reused while their TTL lasts for requests with the same identity values, as API
/// Gateway caches them. The answer is cached, not the verdict: each request evaluates the cached policy against its
/// own ARN.
///
/// The clock is the caller's `now`, so expiry is tested without waiting. Failures and `Unauthorized` answers are not
/// cached. Entries are dropped when found expired, and all expired ones when the cache passes `capacity`.
public actor AuthorizerCache {
    /// What identifies one cached answer: the API, the authorizer and its identity values in order.
    public struct Key: Hashable, Sendable {
        public var apiId: String
        public var authorizer: String
        public var identityValues: [String]

        public init(apiId: String, authorizer: String, identityValues: [String]) {
            self.apiId = apiId
            self.authorizer = authorizer
            self.identityValues = identityValues
        }
    }

    private struct Entry {
        var response: AuthorizerResponse
        var expires: Date
    }

    private var entries: [Key: Entry] = [:]
    private let capacity: Int
    /// How many lookups found a live entry, and how many did not (for tests and logs).
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The cached answer for `key`, if it is younger than its TTL at `now`.
    public func lookup(_ key: Key, now: Date) -> AuthorizerResponse? {
        guard let entry = entries[key] else {
            misses += 1
            return nil
        }
        guard now < entry.expires else {
            entries[key] = nil
            misses += 1
            return nil
        }
        hits += 1
        return entry.response
    }

    /// Keeps `response` for `ttlSeconds` from `now`; a TTL of 0 keeps nothing.
    public func store(_ response: AuthorizerResponse, for key: Key, ttlSeconds: Int, now: Date) {
        guard ttlSeconds > 0 else { return }
        if entries.count >= capacity {
            entries = entries.filter { now < $0.value.expires }
            if entries.count >= capacity { entries.removeAll() }
        }
        entries[key] = Entry(response: response, expires: now.addingTimeInterval(TimeInterval(ttlSeconds)))
    }

    /// Forgets every answer (templates reloaded).
    public func removeAll() {
        entries.removeAll()
    }

    public var count: Int { entries.count }
}
