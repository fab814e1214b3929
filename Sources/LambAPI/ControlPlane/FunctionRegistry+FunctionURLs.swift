import Foundation
import LambCore
import LambStore
import Synchronization

/// Function URLs: one per function and qualifier (`$LATEST` or an alias), written to SQLite before they are
/// visible, and then published by URL id for a gateway to resolve without waiting.
extension FunctionRegistry {
    // MARK: Reads (no waiting)

    /// The URL a host name's URL id names: the function, qualifier and config a gateway routes to.
    public nonisolated func functionURL(id: String) -> FunctionURLTarget? {
        functionURLsById.withLock { $0[id] }
    }

    /// Every function URL, by function and qualifier.
    public nonisolated func functionURLs() -> [FunctionURLTarget] {
        functionURLsById.withLock { Array($0.values) }.sorted {
            ($0.function, $0.qualifier) < ($1.function, $1.qualifier)
        }
    }

    /// A function's URLs, by qualifier (`$LATEST` sorts first).
    public nonisolated func functionURLs(of function: String) -> [FunctionURLTarget] {
        functionURLs().filter { $0.function == function }
    }

    /// The URL of a function and qualifier, if it has one.
    public nonisolated func functionURL(function: String, qualifier: String) -> FunctionURLTarget? {
        functionURLsById.withLock { urls in
            urls.values.first { $0.function == function && $0.qualifier == qualifier }
        }
    }

    // MARK: Changes

    /// CreateFunctionUrlConfig. `qualifier` is `$LATEST` or an alias of the function.
    public func createFunctionURL(function: String, qualifier: String, change: FunctionURLChange) async throws
        -> FunctionURLTarget
    {
        let config = try FunctionURLConfig.creating(from: change, urlId: FunctionURLRules.newURLId(), now: Date())
        guard self.function(named: function) != nil else { throw LambError.notFound("Function does not exist") }
        let conflict = LambError.conflict(
            "Failed to create function url config for [functionArn = \(urlFunctionArn(function, qualifier))]. "
                // Two spaces after the colon, as Lambda writes it.
                + "Error message:  FunctionUrlConfig exists for this Lambda function")
        if functionURL(function: function, qualifier: qualifier) != nil { throw conflict }
        if qualifier != FunctionDefinition.latest && versions(of: function).aliases[qualifier] == nil {
            throw LambError.notFound("Function does not exist")
        }
        let target = FunctionURLTarget(function: function, qualifier: qualifier, config: config)
        // The insert re-checks both (a concurrent create or delete may have run while this one waited).
        try await database.insertFunctionURL(target, conflict: conflict)
        publishFunctionURL(target)
        return target
    }

    /// UpdateFunctionUrlConfig: changes what `change` names.
    public func updateFunctionURL(function: String, qualifier: String, change: FunctionURLChange) async throws
        -> FunctionURLTarget
    {
        try FunctionURLRules.validate(change, creating: false)
        guard self.function(named: function) != nil else { throw LambError.notFound("Function does not exist") }
        if qualifier != FunctionDefinition.latest && versions(of: function).aliases[qualifier] == nil {
            throw LambError.notFound("Function does not exist")
        }
        guard var target = functionURL(function: function, qualifier: qualifier) else { throw Self.noFunctionURL }
        target.config = try target.config.updating(with: change, now: Date())
        guard try await database.updateFunctionURL(target) else { throw Self.noFunctionURL }
        publishFunctionURL(target)
        return target
    }

    /// DeleteFunctionUrlConfig.
    public func deleteFunctionURL(function: String, qualifier: String) async throws {
        guard self.function(named: function) != nil,
            try await removeFunctionURL(function: function, qualifier: qualifier)
        else { throw Self.noFunctionURL }
    }

    /// Deletes a URL from the database and the published set; `false` if there was none.
    func removeFunctionURL(function: String, qualifier: String) async throws -> Bool {
        let deleted = try await database.deleteFunctionURL(function: function, qualifier: qualifier)
        functionURLsById.withLock { urls in
            urls = urls.filter { !($0.value.function == function && $0.value.qualifier == qualifier) }
        }
        return deleted
    }

    /// Forgets a deleted function's URLs (the database deleted their rows with the function's).
    nonisolated func forgetFunctionURLs(of function: String) {
        functionURLsById.withLock { urls in urls = urls.filter { $0.value.function != function } }
    }

    /// Loads every stored URL at start.
    func loadFunctionURLs() async throws {
        let all = try await database.functionURLs()
        functionURLsById.withLock { urls in
            urls = Dictionary(all.map { ($0.config.urlId, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private func publishFunctionURL(_ target: FunctionURLTarget) {
        functionURLsById.withLock { $0[target.config.urlId] = target }
    }

    /// The ARN a URL reports: unqualified for `$LATEST`, qualified for an alias.
    nonisolated func urlFunctionArn(_ function: String, _ qualifier: String) -> String {
        account.functionArn(function, qualifier: qualifier == FunctionDefinition.latest ? nil : qualifier)
    }

    static var noFunctionURL: LambError { LambError.notFound("The resource you requested does not exist.") }
}
