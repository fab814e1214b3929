/// Answers whether this host can run a Lambda runtime identifier; implemented by the runtime catalogue, so that
/// validation in the core can refuse a runtime with a message naming what is installed.
public protocol RuntimeAvailability: Sendable {
    /// `nil` when the runtime can run here, otherwise the reason it cannot (shown to the user).
    func unavailabilityReason(for runtime: String) -> String?
}
