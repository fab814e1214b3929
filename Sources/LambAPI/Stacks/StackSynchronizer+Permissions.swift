import LambCore
import LambTemplates

/// `AWS::Lambda::Permission` resources: statements of the named function's (version's, alias's) resource policy,
/// with the logical id as statement id. A permission the template changes is replaced; one it drops since the last
/// load is removed. Statements added through the API are left alone.
extension StackSynchronizer {
    func applyPermissions(_ stack: LoadedStack, previous: LoadedStack?) async {
        for old in previous?.permissions ?? [] where !stack.permissions.contains(where: { Self.sameStatement($0, old) }) {
            do {
                try await registry.removePermission(old.logicalId, from: Self.target(of: old), revisionId: nil)
            } catch let error as LambError where error.code == .resourceNotFound {
                continue  // the function, or the statement, went first
            } catch {
                say("\(old.logicalId): permission not removed: \(Self.describe(error))")
            }
        }
        for permission in stack.permissions {
            let request = PermissionRequest(
                statementId: permission.logicalId, action: permission.action, principal: permission.principal,
                sourceArn: permission.sourceArn, sourceAccount: permission.sourceAccount,
                eventSourceToken: permission.eventSourceToken, principalOrgID: permission.principalOrgID,
                functionUrlAuthType: permission.functionUrlAuthType)
            do {
                try await registry.putPermission(request, to: Self.target(of: permission))
            } catch {
                say("\(permission.logicalId): permission not applied: \(Self.describe(error))")
            }
        }
    }

    /// Whether two permissions are the same statement of the same policy (its content may differ).
    private static func sameStatement(_ a: StackPermission, _ b: StackPermission) -> Bool {
        a.logicalId == b.logicalId && a.function == b.function && a.qualifier == b.qualifier
    }

    private static func target(of permission: StackPermission) -> FunctionReference {
        FunctionReference(name: permission.function, qualifier: permission.qualifier)
    }
}
