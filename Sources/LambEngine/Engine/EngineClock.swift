/// The engine's monotonic clock in seconds, for the pure lifecycle and rate-limit state machines.
enum EngineClock {
    private static let origin = ContinuousClock.now

    static func now() -> Double {
        let (seconds, attoseconds) = origin.duration(to: .now).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
