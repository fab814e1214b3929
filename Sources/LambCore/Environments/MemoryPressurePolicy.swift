/// When the host runs short of memory, Lamb shuts idle environments down, least recently used first, as Lambda
/// reclaims idle capacity. This decides how much to free and which environments go.
public struct MemoryPressurePolicy: Sendable, Equatable {
    /// Lamb starts reclaiming when less than this fraction of the host's memory is available.
    public var reserveFraction: Double

    public init(reserveFraction: Double = 0.10) {
        self.reserveFraction = reserveFraction
    }

    /// An idle environment that could be shut down.
    public struct Candidate: Sendable, Equatable {
        public var id: String
        /// When it last served (seconds on the engine clock).
        public var lastUsed: Double
        /// What shutting it down is expected to free.
        public var memoryBytes: UInt64

        public init(id: String, lastUsed: Double, memoryBytes: UInt64) {
            self.id = id
            self.lastUsed = lastUsed
            self.memoryBytes = memoryBytes
        }
    }

    /// Bytes to free so that the reserve is available again (0 when memory is not short).
    public func shortfall(availableBytes: UInt64, totalBytes: UInt64) -> UInt64 {
        let reserve = UInt64(Double(totalBytes) * reserveFraction)
        return availableBytes >= reserve ? 0 : reserve - availableBytes
    }

    /// The environments to shut down: least recently used first, until their memory covers `shortfall`.
    public func victims(_ candidates: [Candidate], shortfall: UInt64) -> [String] {
        guard shortfall > 0 else { return [] }
        var freed: UInt64 = 0
        var chosen: [String] = []
        for candidate in candidates.sorted(by: { $0.lastUsed < $1.lastUsed }) {
            if freed >= shortfall { break }
            chosen.append(candidate.id)
            freed += max(candidate.memoryBytes, 1)
        }
        return chosen
    }
}
