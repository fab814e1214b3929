import Hummingbird
import LambCore
import LambEngine

/// GetAccountSettings: `GET /2016-08-19/account-settings`.
extension LambdaAPI {
    func addAccountRoutes(to router: Router<BasicRequestContext>) {
        router.get("/2016-08-19/account-settings") { _, _ in
            await AWSResponse.handling {
                struct Limit: Encodable {
                    var TotalCodeSize = Quotas.totalCodeBytes
                    var CodeSizeUnzipped = Quotas.unzippedBytes
                    var CodeSizeZipped = Quotas.zipBytes
                    var ConcurrentExecutions: Int
                    var UnreservedConcurrentExecutions: Int
                }
                struct Usage: Encodable {
                    var TotalCodeSize: Int
                    var FunctionCount: Int
                }
                struct Output: Encodable {
                    var AccountLimit: Limit
                    var AccountUsage: Usage
                }
                let functions = registry.allFunctions()
                let concurrency = registry.accountConcurrency
                return try AWSResponse.json(
                    Output(
                        AccountLimit: Limit(
                            ConcurrentExecutions: concurrency.limit,
                            UnreservedConcurrentExecutions: concurrency.unreserved),
                        AccountUsage: Usage(
                            TotalCodeSize: functions.reduce(0) { $0 + $1.latest.code.size }, FunctionCount: functions.count)))
            }
        }
    }
}
