/// Lambda's concurrency accounting: an account limit, per-function reserved concurrency (a cap and a guarantee),
/// and the unreserved pool the other functions share. Concurrency is the number of invocations in flight.
///
/// Pure: the engine calls `acquire` before an invocation takes an environment and `release` when it ends.
public struct ConcurrencyLimiter: Sendable, Equatable {
    public private(set) var accountLimit: Int
    public private(set) var reserved: [String: Int] = [:]
    public private(set) var inFlight: [String: Int] = [:]
    /// In-flight invocations of functions without reserved concurrency.
    public private(set) var unreservedInFlight = 0

    public init(accountLimit: Int = Quotas.defaultAccountConcurrency) {
        self.accountLimit = accountLimit
    }

    /// `UnreservedConcurrentExecutions`: the account limit minus every reservation.
    public var unreservedLimit: Int { accountLimit - reserved.values.reduce(0, +) }

    /// Takes one unit of concurrency for `function`, or says why the invocation is throttled.
    public mutating func acquire(_ function: String) -> ThrottleReason? {
        let current = inFlight[function, default: 0]
        if let cap = reserved[function] {
            if current >= cap { return .reservedFunctionConcurrentInvocationLimitExceeded }
        } else {
            if unreservedInFlight >= unreservedLimit { return .concurrentInvocationLimitExceeded }
            unreservedInFlight += 1
        }
        inFlight[function] = current + 1
        return nil
    }

    /// Gives back the unit an earlier `acquire` took.
    public mutating func release(_ function: String) {
        guard let current = inFlight[function], current > 0 else { return }
        inFlight[function] = current == 1 ? nil : current - 1
        if reserved[function] == nil { unreservedInFlight = max(0, unreservedInFlight - 1) }
    }

    /// Sets or (with `nil`) removes a function's reserved concurrency. At least 100 must stay unreserved.
    public mutating func setReserved(_ function: String, _ value: Int?) throws(LambError) {
        if let value {
            guard value >= 0 else {
                throw LambError.invalidParameter("1 validation error detected: Value '\(value)' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0")
            }
            let othersReserved = reserved.filter { $0.key != function }.values.reduce(0, +)
            if accountLimit - othersReserved - value < Quotas.minimumUnreservedConcurrency {
                throw LambError.invalidParameter(
                    "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [\(Quotas.minimumUnreservedConcurrency)].")
            }
        }
        // Invocations in flight move between the unreserved pool and the reservation with the function.
        let current = inFlight[function, default: 0]
        let wasReserved = reserved[function] != nil
        reserved[function] = value
        let isReserved = value != nil
        if wasReserved && !isReserved { unreservedInFlight += current }
        if !wasReserved && isReserved { unreservedInFlight = max(0, unreservedInFlight - current) }
    }
}
