/// The engine's monotonic clock in seconds since its start, the time input of the engine core (`EngineState`).
/// Injected through ``EngineContext``; tests may make one that starts elsewhere.
struct EngineClock: Sendable {
    private let origin: ContinuousClock.Instant

    init(origin: ContinuousClock.Instant = .now) {
        self.origin = origin
    }

    func now() -> Double {
        let (seconds, attoseconds) = origin.duration(to: .now).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
