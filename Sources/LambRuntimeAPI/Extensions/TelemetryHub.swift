import AsyncHTTPClient
import Foundation
import LambCore
import NIOCore
import NIOHTTP1
import Synchronization

/// One environment's Telemetry API (`PUT /2022-07-01/telemetry`, and the older Logs API `PUT /2020-08-15/logs`):
/// extensions subscribe to `platform`, `function` and `extension` events, and Lamb POSTs them in batches to the
/// listener each one names (`http://sandbox.localdomain:PORT/...`, which is the environment's loopback), flushing a
/// batch when it reaches `maxItems` or `maxBytes`, or `timeoutMs` after its first event, as Lambda buffers them.
///
/// Events from the start of the environment are kept until init ends when extensions are expected, so that a
/// subscription made during init gets `platform.initStart` too. Without a subscription, emitting costs one atomic
/// load.
public final class TelemetryHub: Sendable {
    struct Buffering: Equatable {
        var maxItems = 10_000
        var maxBytes = 262_144
        var timeoutMs = 1_000
    }

    private final class Subscription: Sendable {
        let url: String
        let types: Set<String>
        let buffering: Buffering
        let queue = Mutex<(events: [String], bytes: Int)>(([], 0))
        let wake: AsyncStream<Void>.Continuation
        let task: Mutex<Task<Void, Never>?> = Mutex(nil)

        init(url: String, types: Set<String>, buffering: Buffering) {
            self.url = url
            self.types = types
            self.buffering = buffering
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            wake = continuation
            task.withLock {
                $0 = Task { [self] in await deliver(stream) }
            }
        }

        func add(_ event: String) {
            queue.withLock { queue in
                queue.events.append(event)
                queue.bytes += event.utf8.count
            }
            wake.yield()
        }

        /// Batches go out one at a time, in order: after a wake, it waits `timeoutMs` (unless the buffer is full),
        /// then sends what is buffered in batches of at most `maxItems`.
        private func deliver(_ wakes: AsyncStream<Void>) async {
            for await _ in wakes {
                let full = queue.withLock {
                    $0.events.count >= buffering.maxItems || $0.bytes >= buffering.maxBytes
                }
                if !full { try? await Task.sleep(for: .milliseconds(buffering.timeoutMs)) }
                while true {
                    let batch = queue.withLock { queue -> [String] in
                        let batch = Array(queue.events.prefix(buffering.maxItems))
                        queue.events.removeFirst(batch.count)
                        queue.bytes -= batch.reduce(0) { $0 + $1.utf8.count }
                        return batch
                    }
                    if batch.isEmpty || Task.isCancelled { break }
                    await post("[" + batch.joined(separator: ",") + "]")
                }
            }
        }

        private func post(_ body: String) async {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
            // A frozen environment answers once thawed: the wait may last until its next invocation.
            _ = try? await HTTPClient.shared.execute(request, timeout: .minutes(15))
        }

        func stop() {
            wake.finish()
            task.withLock { $0?.cancel() }
        }
    }

    private struct State {
        var subscriptions: [String: Subscription] = [:]
        /// Events kept from the environment's start until init ends (only while extensions are expected).
        var early: [(category: String, event: String)]?
    }

    private let state = Mutex(State())
    private let active = Atomic(false)

    public init() {}

    /// Keep events from now until ``initEnded()``, for subscriptions made during init.
    public func keepEarlyEvents() {
        state.withLock { $0.early = [] }
        active.store(true, ordering: .releasing)
    }

    public func initEnded() {
        let keepGoing = state.withLock { state -> Bool in
            state.early = nil
            return !state.subscriptions.isEmpty
        }
        if !keepGoing { active.store(false, ordering: .releasing) }
    }

    /// Whether anyone may want events: the engine skips building them otherwise.
    public var isActive: Bool { active.load(ordering: .acquiring) }

    /// `category` is `platform`, `function` or `extension`; `event` the JSON of ``TelemetryEvents``.
    public func emit(_ category: String, _ event: String) {
        guard isActive else { return }
        let targets = state.withLock { state -> [Subscription] in
            if state.early != nil, state.early!.count < 10_000 { state.early!.append((category, event)) }
            return state.subscriptions.values.filter { $0.types.contains(category) }
        }
        for subscription in targets { subscription.add(event) }
    }

    /// A subscription of the extension `name` (a later one of the same extension replaces it).
    func subscribe(name: String, body: [UInt8]) -> TelemetryRejection? {
        let request: TelemetrySubscriptionRequest
        switch TelemetrySubscriptionRequest.parse(body) {
        case .success(let parsed): request = parsed
        case .failure(let rejection): return rejection
        }
        let subscription = Subscription(url: request.url, types: request.types, buffering: request.buffering)
        let (replaced, early) = state.withLock { state in
            let replaced = state.subscriptions.updateValue(subscription, forKey: name)
            return (replaced, state.early ?? [])
        }
        replaced?.stop()
        active.store(true, ordering: .releasing)
        for (category, event) in early where request.types.contains(category) { subscription.add(event) }
        return nil
    }

    /// The environment is going: deliveries stop.
    public func close() {
        let subscriptions = state.withLock { state -> [Subscription] in
            defer { state.subscriptions = [:] }
            return Array(state.subscriptions.values)
        }
        subscriptions.forEach { $0.stop() }
        active.store(false, ordering: .releasing)
    }
}
