import Foundation

/// Provisioned concurrency of one version or alias: how many environments were asked for, how many are initialised,
/// and the status Lambda reports (`IN_PROGRESS` until all are ready, then `READY`; `FAILED` when one cannot init).
public struct ProvisionedConcurrencyConfig: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case inProgress = "IN_PROGRESS"
        case ready = "READY"
        case failed = "FAILED"
    }

    public var requested: Int
    /// Environments initialised and kept for this configuration.
    public var allocated: Int
    public var status: Status
    public var statusReason: String?
    public var lastModified: Date

    public init(requested: Int, now: Date = Date()) {
        self.requested = requested
        self.allocated = 0
        self.status = .inProgress
        self.lastModified = now
    }

    /// `AvailableProvisionedConcurrentExecutions`: what can serve right now.
    public var available: Int { min(allocated, requested) }

    /// One environment finished init.
    public mutating func environmentReady() {
        guard status != .failed else { return }
        allocated = min(allocated + 1, requested)
        if allocated == requested { status = .ready }
    }

    /// One environment failed init: the configuration fails (Lambda stops allocating too).
    public mutating func environmentFailed(reason: String) {
        status = .failed
        statusReason = reason
    }

    /// A provisioned environment died (crash, timeout): it is replaced, so the configuration is in progress again.
    public mutating func environmentLost() {
        guard status != .failed else { return }
        allocated = max(0, allocated - 1)
        status = allocated == requested ? .ready : .inProgress
    }

    /// `ProvisionedConcurrentExecutions` must be at least 1.
    public static func validateRequested(_ value: Int?) throws(LambError) {
        guard let value else {
            throw LambError.invalidParameter("ProvisionedConcurrentExecutions is required.")
        }
        guard value >= 1 else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(value)' at 'provisionedConcurrentExecutions' failed to "
                    + "satisfy constraint: Member must have value greater than or equal to 1")
        }
    }
}
