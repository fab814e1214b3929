import LambCore
import NIOCore
import Synchronization

/// A response the runtime streams (`Lambda-Runtime-Function-Response-Mode: streaming`): its bytes reach the engine
/// as they arrive, in ``chunks``, and the way it ended in ``finished()``.
///
/// The Runtime API's connection handler appends the body's pieces; the end always comes through the mailbox (which
/// makes the environment idle first): from the handler (the last chunk and its trailers), or when the environment
/// fails meanwhile (timeout, crash, shutdown). The first end wins; later appends are dropped. Chunks are buffered without limit up to ``limit`` bytes in all: Lamb does not
/// slow the runtime down when the caller reads slowly.
public final class ResponseStream: Sendable {
    /// How a streamed response ended.
    public enum End: Sendable, Equatable {
        /// The last chunk arrived without an error trailer.
        case complete
        /// The runtime reported a failure in its trailers (`Lambda-Runtime-Function-Error-Type`, and `-Body`
        /// decoded from base64, possibly empty).
        case functionError(type: String, body: ByteBuffer)
        /// More than ``limit`` bytes (the rest was dropped).
        case tooLarge
        /// The environment stopped before the stream ended.
        case failed(RuntimeFailure)
    }

    private struct State {
        var bytes = 0
        var end: End?
        var waiters: [CheckedContinuation<End, Never>] = []
        var onEnd: [@Sendable () -> Void] = []
    }

    /// The `Content-Type` of the runtime's post.
    public let contentType: String?
    /// Most bytes the stream may carry.
    public let limit: Int
    /// The body's pieces as they arrive; finishes when the stream ends (whichever way).
    public let chunks: AsyncStream<ByteBuffer>
    private let continuation: AsyncStream<ByteBuffer>.Continuation
    private let state = Mutex(State())

    public init(contentType: String?, limit: Int = Quotas.streamedResponseBytes) {
        self.contentType = contentType
        self.limit = limit
        (chunks, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .unbounded)
    }

    /// Adds a piece of the body. `false`: the piece was dropped, because the stream has ended or has passed
    /// ``limit`` (then the handler ends it with ``End/tooLarge`` through the mailbox once the body is over, so that
    /// the environment is idle before the engine learns of the end).
    @discardableResult
    public func append(_ chunk: ByteBuffer) -> Bool {
        let accepted = state.withLock { s -> Bool in
            guard s.end == nil, s.bytes <= limit else { return false }
            s.bytes += chunk.readableBytes
            return s.bytes <= limit
        }
        if accepted && chunk.readableBytes > 0 { continuation.yield(chunk) }
        return accepted
    }

    /// Whether more than ``limit`` bytes were appended.
    public var overLimit: Bool { state.withLock { $0.bytes > limit } }

    /// Ends the stream; only the first end counts. `true`: this call ended it.
    @discardableResult
    public func finish(_ end: End) -> Bool {
        let ended = state.withLock { s -> ([CheckedContinuation<End, Never>], [@Sendable () -> Void])? in
            guard s.end == nil else { return nil }
            s.end = end
            defer { s.waiters = []; s.onEnd = [] }
            return (s.waiters, s.onEnd)
        }
        guard let (waiters, actions) = ended else { return false }
        continuation.finish()
        for action in actions { action() }
        for waiter in waiters { waiter.resume(returning: end) }
        return true
    }

    /// How the stream ended, once it has.
    public var end: End? { state.withLock { $0.end } }

    /// Bytes appended so far (those of a piece that passed the limit included).
    public var byteCount: Int { state.withLock { $0.bytes } }

    /// Waits for the end of the stream.
    public func finished() async -> End {
        await withCheckedContinuation { waiter in
            let end = state.withLock { s -> End? in
                if s.end == nil { s.waiters.append(waiter) }
                return s.end
            }
            if let end { waiter.resume(returning: end) }
        }
    }

    /// Runs `action` when the stream ends (at once if it has).
    public func onEnd(_ action: @escaping @Sendable () -> Void) {
        let ended = state.withLock { s -> Bool in
            if s.end == nil { s.onEnd.append(action) }
            return s.end != nil
        }
        if ended { action() }
    }
}
