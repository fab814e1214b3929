import Hummingbird
import LambCore
import LambEngine
import Logging

/// The Lambda HTTP API (rest-json, the paths and date prefixes of the botocore model) and Lamb's own endpoints.
public struct LambdaAPI: Sendable {
    let registry: FunctionRegistry
    let engine: InvocationEngine
    let limits: AccountLimits

    public init(registry: FunctionRegistry, engine: InvocationEngine, limits: AccountLimits = AccountLimits()) {
        self.registry = registry
        self.engine = engine
        self.limits = limits
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        addFunctionRoutes(to: router)
        addInvokeRoutes(to: router)
        addAccountRoutes(to: router)
        addTagRoutes(to: router)
        addLambRoutes(to: router)
        return router
    }
}

/// The account-level limits GetAccountSettings reports.
public struct AccountLimits: Sendable {
    public var concurrentExecutions = Quotas.defaultAccountConcurrency

    public init() {}
}
