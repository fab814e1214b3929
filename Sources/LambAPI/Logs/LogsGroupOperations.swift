import Foundation
import LambCore
import LambStore

/// The operations of CloudWatch Logs that change log groups: create, delete, retention, tags.
struct LogsGroupOperations: Sendable {
    let groups: LogGroups

    func createLogGroup(_ input: LogsJSON.LogGroupInput) async throws {
        let name = try Self.validName(input.logGroupName)
        if try await groups.all().contains(where: { $0.name == name }) {
            throw LogsServiceError("ResourceAlreadyExistsException", "The specified log group already exists")
        }
        try await groups.database.saveLogGroupSettings(LogGroupSettings(name: name, tags: input.tags ?? [:]))
    }

    func deleteLogGroup(_ input: LogsJSON.LogGroupInput) async throws {
        try await groups.delete(groups.named(Self.validName(input.logGroupName)))
    }

    func putRetentionPolicy(_ input: LogsJSON.LogGroupInput) async throws {
        let name = try Self.validName(input.logGroupName)
        guard let days = input.retentionInDays, LogGroupSettings.retentionDays.contains(days) else {
            throw LogsServiceError.invalidParameter(
                "1 validation error detected: Value '\(input.retentionInDays.map(String.init) ?? "null")' at"
                    + " 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
                    + LogGroupSettings.retentionDays.sorted().map(String.init).joined(separator: ", "))
        }
        var group = try await groups.named(name)
        var settings = groups.settings(of: group)
        settings.retentionInDays = days
        try await groups.database.saveLogGroupSettings(settings)
        group.settings = settings
        groups.prune(group)
    }

    func deleteRetentionPolicy(_ input: LogsJSON.LogGroupInput) async throws {
        let group = try await groups.named(Self.validName(input.logGroupName))
        guard var settings = group.settings else { return }
        settings.retentionInDays = nil
        try await groups.database.saveLogGroupSettings(settings)
    }

    func listTags(_ input: LogsJSON.LogGroupInput) async throws -> LogsJSON.TagsOutput {
        let group = try await groups.named(Self.validName(input.logGroupName))
        return LogsJSON.TagsOutput(tags: group.settings?.tags ?? [:])
    }

    func tag(_ input: LogsJSON.LogGroupInput) async throws {
        let group = try await groups.named(Self.validName(input.logGroupName))
        var settings = groups.settings(of: group)
        settings.tags.merge(input.tags ?? [:]) { _, new in new }
        try await groups.database.saveLogGroupSettings(settings)
    }

    func untag(_ input: LogsJSON.UntagLogGroupInput) async throws {
        let group = try await groups.named(Self.validName(input.logGroupName))
        guard var settings = group.settings else { return }
        for key in input.tags ?? [] { settings.tags.removeValue(forKey: key) }
        try await groups.database.saveLogGroupSettings(settings)
    }

    /// A log group name as the model allows it: 1 to 512 of `[.\-_/#A-Za-z0-9]`.
    static func validName(_ name: String?) throws -> String {
        guard let name else { throw LogsServiceError.invalidParameter("logGroupName is required.") }
        let allowed = name.unicodeScalars.allSatisfy { c in
            c.isASCII && (CharacterSet.alphanumerics.contains(c) || "._-/#".unicodeScalars.contains(c))
        }
        guard (1...512).contains(name.count), allowed else {
            throw LogsServiceError.invalidParameter(
                "1 validation error detected: Value '\(name)' at 'logGroupName' failed to satisfy constraint: Member"
                    + " must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")
        }
        return name
    }
}
