import Hummingbird
import LambCore
import LambEngine
import Logging

/// The Lambda HTTP API (rest-json, the paths and date prefixes of the botocore model) and Lamb's own endpoints.
public struct LambdaAPI: Sendable {
    let registry: FunctionRegistry
    let engine: InvocationEngine
    let asyncQueue: AsyncInvocationQueue
    /// The served templates, if any (`/_lamb/v1/stacks`).
    let stacks: StackSynchronizer?
    /// Where function URLs are served (`--gateway-port`, the bound port once the gateway listens), for the
    /// `FunctionUrl` the API answers.
    let gateway: GatewayAddress
    /// The scheduler (`/_lamb/v1/schedules`); `nil` in tests that do not need it.
    let schedules: ScheduleRunner?
    /// The event source mappings (`/2015-03-31/event-source-mappings/`), when the server runs them.
    var eventSourceMappings: EventSourceMappings?
    /// The invocation history (`/_lamb/v1/history`, `/_lamb/v1/stats`).
    var history: InvocationHistory?
    /// Prometheus metrics (`/metrics`).
    var metrics: LambMetrics?
    /// Where code in S3 (`Code.S3Bucket`) is read from.
    var codeSource = S3CodeSource()
    /// `lamb generate-event`'s sample events, for the dashboard.
    var eventTemplates: [EventTemplate] = []
    /// The last `lamb tune` report of each function, for the dashboard (in memory: a tuning is a moment's look).
    let tuningReports = TuningReportStore()

    public init(
        registry: FunctionRegistry, engine: InvocationEngine, asyncQueue: AsyncInvocationQueue,
        stacks: StackSynchronizer? = nil, gateway: GatewayAddress = GatewayAddress(host: "127.0.0.1", port: 3000),
        schedules: ScheduleRunner? = nil
    ) {
        self.schedules = schedules
        self.registry = registry
        self.engine = engine
        self.asyncQueue = asyncQueue
        self.stacks = stacks
        self.gateway = gateway
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: CrossAccountCallers(registry: registry))
        addFunctionRoutes(to: router)
        addInvokeRoutes(to: router)
        addStreamingInvokeRoutes(to: router)
        addVersionRoutes(to: router)
        addAliasRoutes(to: router)
        addProvisionedConcurrencyRoutes(to: router)
        addAccountRoutes(to: router)
        addConcurrencyRoutes(to: router)
        addTagRoutes(to: router)
        addLayerRoutes(to: router)
        addEventInvokeConfigRoutes(to: router)
        addFunctionURLRoutes(to: router)
        addLambRoutes(to: router)
        addAsyncRoutes(to: router)
        addScheduleRoutes(to: router)
        addEventSourceMappingRoutes(to: router)
        addHistoryRoutes(to: router)
        addStatsRoutes(to: router)
        addTuneRoutes(to: router)
        addMetricsRoute(to: router)
        addLogsRoutes(to: router)
        addDashboardRoutes(to: router)
        addEventTemplateRoutes(to: router)
        addPolicyRoutes(to: router)
        addLayerPolicyRoutes(to: router)
        addCodeSigningRoutes(to: router)
        addFunctionCodeSigningRoutes(to: router)
        addRuntimeManagementRoutes(to: router)
        addRecursionConfigRoutes(to: router)
        addUnmatchedRequests(to: router)
        return router
    }
}
