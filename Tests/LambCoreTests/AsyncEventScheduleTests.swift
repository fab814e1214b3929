import Foundation
import LambCore
import Testing

@Suite("Async event schedule")
struct AsyncEventScheduleTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func event(_ id: String, function: String = "f") -> AsyncEvent {
        AsyncEvent(requestId: id, function: function, invokedFunctionArn: "arn", enqueuedAt: t0)
    }

    @Test("due events come out earliest first, then in arrival order, at most `limit` at a time")
    func order() {
        var s = AsyncEventSchedule()
        s.add(event("late"), due: t0 + 10)
        s.add(event("a"), due: t0)
        s.add(event("b"), due: t0)
        #expect(s.nextDue == t0)
        #expect(s.takeDue(now: t0, limit: 1).map(\.event.requestId) == ["a"])
        #expect(s.takeDue(now: t0, limit: 10).map(\.event.requestId) == ["b"])
        #expect(s.takeDue(now: t0 + 5, limit: 10).isEmpty)
        #expect(s.inFlightCount == 2)
        #expect(s.nextDue == t0 + 10)
        #expect(s.takeDue(now: t0 + 10, limit: 10).map(\.event.requestId) == ["late"])
        #expect(s.nextDue == nil)
    }

    @Test("an event put back after a throttle counts throttles in a row; any other outcome resets the count")
    func throttles() {
        var s = AsyncEventSchedule()
        let e = event("e")
        s.add(e, due: t0)
        _ = s.takeDue(now: t0, limit: 1)
        #expect(s.throttlesAfterThis("e") == 1)
        s.reschedule(e, due: t0 + 1, throttled: true)
        #expect(s.inFlightCount == 0)
        #expect(s.entry("e")?.throttles == 1)
        _ = s.takeDue(now: t0 + 1, limit: 1)
        s.reschedule(e, due: t0 + 3, throttled: true)
        #expect(s.throttlesAfterThis("e") == 3)
        _ = s.takeDue(now: t0 + 3, limit: 1)
        s.reschedule(e, due: t0 + 60, throttled: false)
        #expect(s.entry("e")?.throttles == 0)
    }

    @Test("when an invocation of a function ends, its earliest throttled event is due at once; others keep waiting")
    func slotFreed() {
        var s = AsyncEventSchedule()
        for id in ["x", "y"] {
            s.add(event(id), due: t0)
            _ = s.takeDue(now: t0, limit: 1)
        }
        s.reschedule(event("x"), due: t0 + 100, throttled: true)
        s.reschedule(event("y"), due: t0 + 50, throttled: true)
        s.add(event("other", function: "g"), due: t0 + 20)
        s.slotFreed(function: "f", now: t0 + 1)
        #expect(s.takeDue(now: t0 + 1, limit: 10).map(\.event.requestId) == ["y"])
        #expect(s.nextDue == t0 + 20)
    }

    @Test("removing an event in flight frees its place; adding an event again replaces it")
    func removeAndReplace() {
        var s = AsyncEventSchedule()
        s.add(event("a"), due: t0)
        _ = s.takeDue(now: t0, limit: 1)
        s.remove("a")
        #expect(s.inFlightCount == 0)
        #expect(s.count == 0)
        s.add(event("b"), due: t0 + 5)
        s.add(event("b"), due: t0 + 1)
        #expect(s.count == 1)
        #expect(s.nextDue == t0 + 1)
    }
}
