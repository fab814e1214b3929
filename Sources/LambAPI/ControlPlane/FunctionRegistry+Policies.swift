import LambCore
import LambStore

/// Resource policies (AddPermission, RemovePermission, GetPolicy, and a template's `AWS::Lambda::Permission`
/// resources): each change reads, changes and stores one policy, under one lock, so that two changes to one policy
/// never lose each other. The function (and its version or alias) must exist.
extension FunctionRegistry {
    /// The ARN statements of `reference`'s policy name as their resource; throws when the function or qualifier does
    /// not exist.
    public nonisolated func policyResource(_ reference: FunctionReference) throws -> String {
        guard (try? definition(reference)) != nil else {
            throw LambError.functionNotFound(arn: account.functionArn(reference.name, qualifier: reference.qualifier))
        }
        return account.functionArn(reference.name, qualifier: reference.qualifier)
    }

    public nonisolated func policy(of reference: FunctionReference) async throws -> ResourcePolicy? {
        try await database.resourcePolicy(function: reference.name, qualifier: reference.qualifier ?? "")
    }

    /// AddPermission: the statement Lambda builds from the request, added to the policy.
    public nonisolated func addPermission(_ request: PermissionRequest, to reference: FunctionReference) async throws
        -> PolicyStatement
    {
        let statement = try ResourcePolicyRules.statement(request, resource: try policyResource(reference))
        try await changePolicy(of: reference) { current in
            try ResourcePolicyRules.adding(statement, to: current ?? ResourcePolicy(), revisionId: request.revisionId)
        }
        return statement
    }

    /// A template's permission: the statement is added, or replaces the one with its id when it differs. Nothing is
    /// written when the policy already has it.
    public nonisolated func putPermission(_ request: PermissionRequest, to reference: FunctionReference) async throws {
        let statement = try ResourcePolicyRules.statement(request, resource: try policyResource(reference))
        try await changePolicy(of: reference) { current in
            let policy = current ?? ResourcePolicy()
            if policy.statements.contains(statement) { return nil }
            let others = ResourcePolicy(statements: policy.statements.filter { $0.sid != statement.sid })
            return try ResourcePolicyRules.adding(statement, to: others, revisionId: nil)
        }
    }

    /// RemovePermission.
    public nonisolated func removePermission(_ sid: String, from reference: FunctionReference, revisionId: String?) async throws {
        _ = try policyResource(reference)
        try await changePolicy(of: reference) { current in
            guard let current else { throw LambError.notFound("No policy is associated with the given resource.") }
            return try ResourcePolicyRules.removing(sid, from: current, revisionId: revisionId)
        }
    }

    /// Reads the policy, lets `change` compute the next one (`nil`: leave it as it is), stores it.
    private nonisolated func changePolicy(
        of reference: FunctionReference, _ change: @Sendable (ResourcePolicy?) throws -> ResourcePolicy?
    ) async throws {
        try await policyWrites.run {
            let qualifier = reference.qualifier ?? ""
            let current = try await database.resourcePolicy(function: reference.name, qualifier: qualifier)
            guard let next = try change(current) else { return }
            try await database.saveResourcePolicy(next, function: reference.name, qualifier: qualifier)
        }
    }
}
