import Foundation
import Hummingbird
import LambCore
import Logging

/// `{"ReservedConcurrentExecutions": N}`, the shape of the concurrency operations.
struct ConcurrencyJSON: Codable {
    var ReservedConcurrentExecutions: Int?
}

/// PutFunctionConcurrency and DeleteFunctionConcurrency (`/2017-10-31`), GetFunctionConcurrency (`/2019-09-30`: the
/// model really uses a different date prefix for the read).
extension LambdaAPI {
    func addConcurrencyRoutes(to router: Router<BasicRequestContext>) {
        router.put("/2017-10-31/functions/:name/concurrency") { request, context in
            await AWSResponse.handling {
                let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
                let body = try RequestJSON.decode(ConcurrencyJSON.self, from: try await request.bodyData(limit: 64 * 1024))
                guard let value = body.ReservedConcurrentExecutions else {
                    throw LambError.invalidParameter("ReservedConcurrentExecutions is required.")
                }
                try await registry.setReservedConcurrency(name: name, value)
                context.logger.info("reserved concurrency set", metadata: ["function.name": "\(name)", "value": "\(value)"])
                return try AWSResponse.json(ConcurrencyJSON(ReservedConcurrentExecutions: value))
            }
        }
        router.get("/2019-09-30/functions/:name/concurrency") { _, context in
            await AWSResponse.handling {
                let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
                let record = try registry.require(name)
                return try AWSResponse.json(ConcurrencyJSON(ReservedConcurrentExecutions: record.reservedConcurrency))
            }
        }
        router.delete("/2017-10-31/functions/:name/concurrency") { _, context in
            await AWSResponse.handling {
                let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
                try await registry.setReservedConcurrency(name: name, nil)
                return AWSResponse.empty(status: .noContent)
            }
        }
    }
}
