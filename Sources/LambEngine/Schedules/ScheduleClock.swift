import Foundation

/// The scheduler's clock: the wall clock, or (a testing aid, `lamb serve --schedule-clock-speed N`) a clock that
/// runs `speed` times faster from the moment Lamb started, so that `rate(1 minute)` fires every second at 60.
public struct ScheduleClock: Sendable {
    public let speed: Double
    let origin: Date
    let wall: @Sendable () -> Date

    public init(speed: Double = 1, wall: @escaping @Sendable () -> Date = { Date() }) {
        self.speed = speed > 0 ? speed : 1
        self.wall = wall
        self.origin = wall()
    }

    /// The scheduler's present.
    public func now() -> Date {
        speed == 1 ? wall() : origin.addingTimeInterval(wall().timeIntervalSince(origin) * speed)
    }

    /// Real seconds to sleep until the scheduler's clock reads `date`.
    func realSeconds(until date: Date) -> Double {
        max(0, date.timeIntervalSince(now()) / speed)
    }
}
