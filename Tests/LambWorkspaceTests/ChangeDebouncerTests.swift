import Foundation
import Testing

@testable import LambWorkspace

@Suite("Change debouncer")
struct ChangeDebouncerTests {
    typealias Instant = ContinuousClock.Instant
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> Instant { start.advanced(by: .milliseconds(milliseconds)) }

    @Test("nothing pending: nothing due, no deadline")
    func idle() {
        var debouncer = ChangeDebouncer<Instant>(quietPeriod: .milliseconds(200), maximumDelay: .seconds(2))
        #expect(debouncer.dueAt == nil)
        #expect(debouncer.takeDue(at: at(10_000)) == nil)
        debouncer.record([], at: at(0))
        #expect(debouncer.dueAt == nil)
    }

    @Test("a save's burst of events is one report, after the quiet period")
    func burst() {
        var debouncer = ChangeDebouncer<Instant>(quietPeriod: .milliseconds(200), maximumDelay: .seconds(2))
        debouncer.record(["/p/.app.py.tmp"], at: at(0))
        debouncer.record(["/p/app.py"], at: at(5))
        debouncer.record(["/p/app.py"], at: at(30))
        #expect(debouncer.dueAt == at(230))
        #expect(debouncer.takeDue(at: at(229)) == nil)
        #expect(debouncer.takeDue(at: at(230)) == ["/p/.app.py.tmp", "/p/app.py"])
        #expect(debouncer.dueAt == nil)
        #expect(debouncer.takeDue(at: at(1000)) == nil)
    }

    @Test("changes that never go quiet are reported after the maximum delay")
    func neverQuiet() {
        var debouncer = ChangeDebouncer<Instant>(quietPeriod: .milliseconds(200), maximumDelay: .seconds(2))
        for step in stride(from: 0, through: 2500, by: 100) {
            if let due = debouncer.takeDue(at: at(step)) {
                #expect(step == 2000)
                #expect(due.count == 20)
                return
            }
            debouncer.record(["/p/f\(step)"], at: at(step))
        }
        Issue.record("never reported")
    }
}
