import Foundation
import LambCore
import Logging

extension AsyncInvocationQueue {
    /// A queue whose functions have only `$LATEST` (tests and tools): `resolve` takes the function name alone.
    public init(
        store: any AsyncEventStore, engine: InvocationEngine, configuration: AsyncQueueConfiguration,
        account: AccountContext, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        resolve: @escaping @Sendable (String) -> FunctionDefinition?
    ) {
        self.init(
            store: store, engine: engine, configuration: configuration, account: account, logger: logger, now: now,
            resolve: { name, _ in resolve(name) })
    }
}
