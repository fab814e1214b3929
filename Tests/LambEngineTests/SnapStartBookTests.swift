import Testing

@testable import LambEngine

@Suite("SnapStart bookkeeping: restores under way, and how many spares a version keeps")
struct SnapStartBookTests {
    typealias Book = SnapStartBook<FakeEnvironment, FakeSpare>
    let key = Book.Key(function: "f", version: "1")

    @Test(
        "the spare target is the largest burst of restores, within 8 and the configured maximum",
        arguments: [
            (peak: 0, maximum: 16, target: 8),
            (peak: 1, maximum: 16, target: 8),
            (peak: 11, maximum: 16, target: 11),
            (peak: 0, maximum: 4, target: 4),
            (peak: 40, maximum: 16, target: 16),
            (peak: 15, maximum: 0, target: 0),
            (peak: 0, maximum: 1, target: 1),
        ])
    func spareTarget(peak: Int, maximum: Int, target: Int) {
        var entry = Book.Entry(state: .active, template: nil, generation: 1)
        entry.peakRestoring = peak
        #expect(entry.spareTarget(maximum: maximum) == target)
    }

    @Test("restores begun close together count as one burst, whether or not the first ones already ended")
    func countsBursts() {
        var book = Book(maximumSpares: 16)
        let (generation, _) = book.begin(key)
        let r1 = book.finish(key, generation: generation, state: .active, template: nil)
        #expect(r1)
        for _ in 0..<5 {
            let spare = book.beginRestore(key, now: 0)
            #expect(spare == nil)
        }  // no spares yet: every restore forks
        #expect(book.entries[key]?.restoring == 5)
        for _ in 0..<5 { book.endRestore(key) }
        let r2 = book.beginRestore(key, now: 0.5)
        #expect(r2 == nil)
        book.endRestore(key)
        #expect(book.entries[key]?.restoring == 0)
        #expect(book.entries[key]?.peakRestoring == 6)
        // More than a burst window later, a restore starts a new burst (the peak stays).
        let r3 = book.beginRestore(key, now: 3)
        #expect(r3 == nil)
        #expect(book.entries[key]?.recentRestores == [3])
        #expect(book.entries[key]?.peakRestoring == 6)
    }

    @Test("a version idle for the spare window forgets its peak and stops spares above the minimum")
    func trimsAfterTheIdleWindow() {
        var book = Book(maximumSpares: 16)
        let (generation, _) = book.begin(key)
        _ = book.finish(key, generation: generation, state: .active, template: nil)
        for _ in 0..<10 { _ = book.beginRestore(key, now: 0) }
        for _ in 0..<10 { book.endRestore(key) }
        let ids = (0..<10).map { "s\($0)" }
        for id in ids { _ = book.addSpare(key, generation: generation, FakeSpare(id: id)) }
        let r4 = book.trimIdleSpares(now: 1).isEmpty
        #expect(r4)
        #expect(book.entries[key]?.peakRestoring == 10)
        let r5 = book.trimIdleSpares(now: Book.idleSpareWindow)
        #expect(r5 == [FakeSpare(id: "s9"), FakeSpare(id: "s8")])
        #expect(book.entries[key]?.peakRestoring == 0)
        #expect(book.spareCount(key) == Book.minimumSpares)
    }

    @Test("spares are handed out oldest first, and a restore takes one when there is one")
    func handsOutSpares() {
        var book = Book(maximumSpares: 16)
        let (generation, _) = book.begin(key)
        _ = book.finish(key, generation: generation, state: .active, template: nil)
        _ = book.addSpare(key, generation: generation, FakeSpare(id: "a"))
        _ = book.addSpare(key, generation: generation, FakeSpare(id: "b"))
        let r6 = book.beginRestore(key, now: 0)
        #expect(r6 == FakeSpare(id: "a"))
        let r7 = book.takeSpare(key)
        #expect(r7 == FakeSpare(id: "b"))
        let r8 = book.takeSpare(key)
        #expect(r8 == nil)
    }

    @Test("only one task fills a version's spares; none fills a version that is not active, replaced, or restoring")
    func oneFillerPerVersion() {
        var book = Book(maximumSpares: 16)
        let (pending, _) = book.begin(key)
        let r9 = book.claimFilling(key, generation: pending)
        #expect(!r9)
        _ = book.finish(key, generation: pending, state: .active, template: FakeEnvironment("template"))
        let r10 = book.claimFilling(key, generation: pending)
        #expect(r10)
        let r11 = book.claimFilling(key, generation: pending)
        #expect(!r11)
        guard case .fork(let template) = book.nextFillStep(key, generation: pending) else {
            Issue.record("expected a fork")
            return
        }
        #expect(template.id == "template")
        // A restore under way stops the filling (its end starts it again) and ends the claim.
        _ = book.beginRestore(key, now: 0)
        guard case .stop = book.nextFillStep(key, generation: pending) else {
            Issue.record("expected .stop while a restore is under way")
            return
        }
        let r12 = book.claimFilling(key, generation: pending)
        #expect(r12)
        let (replacement, replaced) = book.begin(key)
        #expect(replaced.templates.map(\.id) == ["template"])
        let r13 = book.claimFilling(key, generation: pending)
        #expect(!r13)
        #expect(book.generation(key) == replacement)
        let r14 = book.addSpare(key, generation: pending, FakeSpare(id: "late"))
        #expect(!r14)
    }

    @Test("a version fills up to its target and then stops")
    func fillsToTarget() {
        var book = Book(maximumSpares: 16)
        let (generation, _) = book.begin(key)
        _ = book.finish(key, generation: generation, state: .active, template: FakeEnvironment("t"))
        let r15 = book.claimFilling(key, generation: generation)
        #expect(r15)
        var forks = 0
        while case .fork = book.nextFillStep(key, generation: generation) {
            forks += 1
            _ = book.addSpare(key, generation: generation, FakeSpare(id: "\(forks)"))
        }
        #expect(forks == Book.minimumSpares)
        #expect(book.entries[key]?.filling == false)
    }
}
