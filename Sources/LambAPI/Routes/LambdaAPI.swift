import Hummingbird
import LambCore
import LambEngine
import Logging

/// The Lambda HTTP API (rest-json, the paths and date prefixes of the botocore model) and Lamb's own endpoints.
public struct LambdaAPI: Sendable {
    let registry: FunctionRegistry
    let engine: InvocationEngine

    public init(registry: FunctionRegistry, engine: InvocationEngine) {
        self.registry = registry
        self.engine = engine
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        addFunctionRoutes(to: router)
        addInvokeRoutes(to: router)
        addAccountRoutes(to: router)
        addConcurrencyRoutes(to: router)
        addTagRoutes(to: router)
        addLambRoutes(to: router)
        return router
    }
}
