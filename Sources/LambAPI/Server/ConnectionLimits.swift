import Foundation
import Logging
import NIOCore
import Synchronization

/// How long clients may take to send, and how many connections one server holds (`--client-timeout`,
/// `--idle-timeout`, `--max-connections`). Both of Lamb's HTTP servers apply them: the Lambda API and the gateway.
///
/// The timeouts are about the client being slow to send, never about Lamb being slow to answer: while a request
/// that has been read in full waits for its response (a synchronous Invoke may run for 900 s), no timeout runs.
public struct ConnectionLimits: Sendable {
    /// A request's head must arrive in full within this long of its first byte (a new connection's first head,
    /// within this long of the connection), and its body may pause no longer than this between reads.
    public var clientTimeout: Duration = .seconds(30)
    /// A keep-alive connection with no request under way is closed after this long.
    public var idleTimeout: Duration = .seconds(60)
    /// Connections one server holds open at most; more are closed as soon as they are accepted.
    public var maxConnections = ConnectionLimits.defaultMaxConnections()

    public init() {}

    /// 4096, or a quarter of the file-descriptor limit when that is lower (at least 64): two servers at their caps
    /// leave half the descriptors to environments, the store and the log files.
    public static func defaultMaxConnections(fileLimit: Int? = currentFileLimit()) -> Int {
        guard let fileLimit else { return 4096 }
        return min(4096, max(64, fileLimit / 4))
    }

    /// The soft `RLIMIT_NOFILE`, or `nil` when unlimited (`RLIM_INFINITY`, all ones) or unknown.
    public static func currentFileLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: limit.rlim_cur)
    }
}

/// Counts one server's open connections and turns away those beyond ``ConnectionLimits/maxConnections``: the
/// connection is closed before a byte is read, so that the client sees the refusal at once (a listener that stops
/// accepting leaves clients hanging in the backlog instead).
///
/// Says so once when the cap is reached, and once when the server has room again, with how many it refused.
final class ConnectionCap: Sendable {
    let limit: Int
    /// The server's name in log lines: "Lambda API", "gateway".
    let server: String
    private let logger: Logger
    private let open = Atomic<Int>(0)
    /// Whether the cap was reached and the server has not had room again since (one log line each way).
    private let full = Atomic<Bool>(false)
    private let refused = Atomic<Int>(0)

    init(limit: Int, server: String, logger: Logger) {
        self.limit = limit
        self.server = server
        self.logger = logger
    }

    /// Whether `channel` may stay open; if so, it is counted until it closes.
    func admit(_ channel: any Channel) -> Bool {
        if open.wrappingAdd(1, ordering: .relaxed).newValue > limit {
            open.wrappingSubtract(1, ordering: .relaxed)
            refused.wrappingAdd(1, ordering: .relaxed)
            if full.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
                logger.warning(
                    "connection limit reached: the \(server) holds \(limit) connections (--max-connections); new ones are closed until some end")
            }
            return false
        }
        channel.closeFuture.whenComplete { [self] _ in release() }
        return true
    }

    /// Open connections now (tests).
    var count: Int { open.load(ordering: .relaxed) }

    private func release() {
        let now = open.wrappingSubtract(1, ordering: .relaxed).newValue
        // Room again once a tenth of the cap is free, so that a server at its cap does not log every connection.
        if now <= limit - max(1, limit / 10), full.load(ordering: .relaxed),
            full.compareExchange(expected: true, desired: false, ordering: .relaxed).exchanged
        {
            let count = refused.exchange(0, ordering: .relaxed)
            logger.notice(
                "the \(server) accepts connections again (\(now) open); \(count) refused while it held \(limit)")
        }
    }
}
