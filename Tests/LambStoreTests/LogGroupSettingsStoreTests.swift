import Foundation
import LambCore
import LambStore
import Testing

@Suite("Log group settings")
struct LogGroupSettingsStoreTests {
    @Test("saved, replaced and deleted by name")
    func lifecycle() async throws {
        let db = try LambDatabase()
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        try await db.saveLogGroupSettings(LogGroupSettings(name: "/aws/lambda/b", createdAt: created))
        try await db.saveLogGroupSettings(
            LogGroupSettings(name: "/aws/lambda/a", createdAt: created, retentionInDays: 7, tags: ["t": "v"]))
        try await db.saveLogGroupSettings(
            LogGroupSettings(name: "/aws/lambda/b", createdAt: created, retentionInDays: 30))
        let stored = try await db.logGroupSettings()
        #expect(stored.map(\.name) == ["/aws/lambda/a", "/aws/lambda/b"])
        #expect(stored[0].tags == ["t": "v"] && stored[0].retentionInDays == 7)
        #expect(stored[1].retentionInDays == 30 && stored[1].createdAt == created)
        try await db.deleteLogGroupSettings(named: "/aws/lambda/a")
        #expect(try await db.logGroupSettings().map(\.name) == ["/aws/lambda/b"])
    }
}
