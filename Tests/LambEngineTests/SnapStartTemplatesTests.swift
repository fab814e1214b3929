import Foundation
import Testing

@testable import LambEngine

@Suite("SnapStart templates: restores under way, and how many spares a version keeps")
struct SnapStartTemplatesTests {
    let key = SnapStartTemplates.Key(function: "f", version: "1")

    @Test(
        "the spare target is the largest burst of restores, within 2 and the configured maximum",
        arguments: [
            (peak: 0, maximum: 16, target: 2),
            (peak: 1, maximum: 16, target: 2),
            (peak: 7, maximum: 16, target: 7),
            (peak: 40, maximum: 16, target: 16),
            (peak: 15, maximum: 0, target: 0),
            (peak: 0, maximum: 1, target: 1),
        ])
    func spareTarget(peak: Int, maximum: Int, target: Int) {
        var entry = SnapStartTemplates.Entry(state: .active, template: nil, generation: 1)
        entry.peakRestoring = peak
        #expect(entry.spareTarget(maximum: maximum) == target)
    }

    @Test("restores begun close together count as one burst, whether or not the first ones already ended")
    func countsBursts() {
        let templates = SnapStartTemplates(maximumSpares: 16)
        let (generation, _) = templates.begin(key)
        #expect(templates.finish(key, generation: generation, state: .active, template: nil))
        for _ in 0..<5 { #expect(templates.beginRestore(key) == nil) }  // no spares yet: every restore forks
        #expect(templates.entry(key)?.restoring == 5)
        for _ in 0..<5 { templates.endRestore(key) }
        #expect(templates.beginRestore(key) == nil)
        templates.endRestore(key)
        let entry = templates.entry(key)
        #expect(entry?.restoring == 0)
        #expect(entry?.peakRestoring == 6)
    }

    @Test("a version idle for the spare window forgets its peak; a recent one keeps it")
    func trimsAfterTheIdleWindow() {
        let templates = SnapStartTemplates(maximumSpares: 16)
        let (generation, _) = templates.begin(key)
        _ = templates.finish(key, generation: generation, state: .active, template: nil)
        for _ in 0..<4 { _ = templates.beginRestore(key) }
        for _ in 0..<4 { templates.endRestore(key) }
        let soon = ContinuousClock.now.advanced(by: .seconds(1))
        #expect(templates.trimIdleSpares(now: soon).isEmpty)
        #expect(templates.entry(key)?.peakRestoring == 4)
        let later = ContinuousClock.now.advanced(by: SnapStartTemplates.idleSpareWindow + .seconds(1))
        #expect(templates.trimIdleSpares(now: later).isEmpty)
        #expect(templates.entry(key)?.peakRestoring == 0)
    }

    @Test("only one task fills a version's spares, and none fills a version that is not active or was replaced")
    func oneFillerPerVersion() {
        let templates = SnapStartTemplates(maximumSpares: 16)
        let (pending, _) = templates.begin(key)
        #expect(!templates.claimFilling(key, generation: pending))
        _ = templates.finish(key, generation: pending, state: .active, template: nil)
        #expect(templates.claimFilling(key, generation: pending))
        #expect(!templates.claimFilling(key, generation: pending))
        // Without a template there is nothing to fork from: the task stops, and its claim ends.
        guard case .stop = templates.nextFillStep(key, generation: pending) else {
            Issue.record("expected .stop")
            return
        }
        #expect(templates.claimFilling(key, generation: pending))
        let (replacement, _) = templates.begin(key)
        #expect(!templates.claimFilling(key, generation: pending))
        #expect(templates.generation(key) == replacement)
    }
}
