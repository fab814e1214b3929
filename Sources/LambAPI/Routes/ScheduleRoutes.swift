import Foundation
import Hummingbird
import LambCore
import LambEngine
import LambStore

/// Lamb's schedules (`/_lamb/v1/schedules`): the templates' `Schedule` / `ScheduleV2` events and those made with
/// `lamb schedule create`, which persist in SQLite. Templates own theirs: change them by editing the template.
extension LambdaAPI {
    func addScheduleRoutes(to router: Router<BasicRequestContext>) {
        guard let schedules else { return }
        router.get("/_lamb/v1/schedules") { _, _ in
            await AWSResponse.handling {
                struct Output: Encodable { var schedules: [ScheduleSummary] }
                return try AWSResponse.json(Output(schedules: await schedules.summaries()))
            }
        }
        router.post("/_lamb/v1/schedules") { request, _ in
            await AWSResponse.handling {
                let body = try RequestJSON.decode(
                    ScheduleCreateRequest.self, from: try await request.bodyData(limit: 512 * 1024))
                let definition: ScheduleDefinition
                do {
                    definition = try body.definition()
                } catch let error as ScheduleExpressionError {
                    throw LambError.invalidParameter(error.message)
                }
                _ = try registry.definition(FunctionReference(name: body.function, qualifier: nil))
                if await schedules.definition(definition.name) != nil {
                    throw LambError.conflict("Schedule \(definition.name) already exists.")
                }
                try await registry.database.saveSchedule(definition)
                await schedules.upsert(definition)
                let summary = await schedules.summaries().first { $0.schedule.name == definition.name }
                return try AWSResponse.json(summary, status: .created)
            }
        }
        router.delete("/_lamb/v1/schedules/:name") { _, context in
            await AWSResponse.handling {
                let name = context.parameters.decoded("name")
                _ = try await ownSchedule(name, schedules)
                _ = try await registry.database.deleteSchedule(name)
                await schedules.remove(name)
                return AWSResponse.empty(status: .noContent)
            }
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            router.post("/_lamb/v1/schedules/:name/\(action)") { _, context in
                await AWSResponse.handling {
                    var definition = try await ownSchedule(context.parameters.decoded("name"), schedules)
                    definition.enabled = enabled
                    try await registry.database.saveSchedule(definition)
                    await schedules.upsert(definition)
                    return AWSResponse.empty(status: .noContent)
                }
            }
        }
        // A testing aid: fires the schedule now through the same path as a due firing (its timer is unchanged).
        router.post("/_lamb/v1/schedules/:name/fire") { _, context in
            await AWSResponse.handling {
                struct Output: Encodable { var requestId: String }
                let name = context.parameters.decoded("name")
                guard let requestId = try await schedules.fireNow(name) else {
                    throw LambError.notFound("Schedule \(name) does not exist.")
                }
                return try AWSResponse.json(Output(requestId: requestId), status: .accepted)
            }
        }
    }

    /// A schedule made through the API; a template's is refused (the template is its truth).
    private func ownSchedule(_ name: String, _ schedules: ScheduleRunner) async throws -> ScheduleDefinition {
        guard let definition = await schedules.definition(name) else {
            throw LambError.notFound("Schedule \(name) does not exist.")
        }
        guard definition.origin == .api else {
            throw LambError.conflict("Schedule \(name) belongs to a template; change it there.")
        }
        return definition
    }
}
