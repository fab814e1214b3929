import LambCore
import LambEngine
import NIOCore
import Synchronization

/// An invocation whose response may be streamed (InvokeWithResponseStream, a `RESPONSE_STREAM` Function URL), seen
/// from its caller: ``start(_:_:engine:)`` returns once the function begins to stream, or once the invocation is
/// over when it answered buffered; it throws when Lamb refuses the invocation.
enum StreamedInvocation {
    enum Start: Sendable {
        /// The function streams: read `response.chunks`, then await `completion` (the invocation's end; it does not
        /// throw once streaming began, since Lamb refuses invocations only before they run).
        case streaming(StreamedResponse, completion: Task<InvocationResponse, any Error>)
        /// The function answered buffered (or failed before it streamed anything).
        case finished(InvocationResponse)
    }

    static func start(
        _ definition: FunctionDefinition, _ request: InvocationRequest, engine: InvocationEngine
    ) async throws -> Start {
        let signal = FirstSignal()
        var request = request
        request.onStream = { signal.resolve(.streamed($0)) }
        // Unstructured on purpose: the invocation outlives this call (the caller's response body is written after
        // its route returns), and runs to its end even when the caller goes away, as on Lambda.
        let completion = Task { [request] in
            let result: Result<InvocationResponse, any Error>
            do {
                result = .success(try await engine.invoke(definition, request))
            } catch {
                result = .failure(error)
            }
            signal.resolve(.ended(result))
            return try result.get()
        }
        switch await signal.wait() {
        case .streamed(let response): return .streaming(response, completion: completion)
        case .ended(let result): return .finished(try result.get())
        }
    }
}

/// Whichever comes first of "the function began to stream" and "the invocation ended".
private final class FirstSignal: Sendable {
    enum Event: Sendable {
        case streamed(StreamedResponse)
        case ended(Result<InvocationResponse, any Error>)
    }

    private struct State {
        var event: Event?
        var waiter: CheckedContinuation<Event, Never>?
    }

    private let state = Mutex(State())

    func resolve(_ event: Event) {
        let waiter = state.withLock { s -> CheckedContinuation<Event, Never>? in
            guard s.event == nil else { return nil }
            s.event = event
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: event)
    }

    func wait() async -> Event {
        await withCheckedContinuation { waiter in
            let event = state.withLock { s -> Event? in
                if s.event == nil { s.waiter = waiter }
                return s.event
            }
            if let event { waiter.resume(returning: event) }
        }
    }
}
