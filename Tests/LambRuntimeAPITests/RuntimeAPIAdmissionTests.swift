import Foundation
import LambCore
import LambRuntimeAPI
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// The Runtime API admits only connections whose owner is the environment's runtime. The owner lookup is replaced
/// here (the test's own connections are all its uid); the real one is exercised by the conformance suite.
@Suite("Runtime API admission")
struct RuntimeAPIAdmissionTests {
    final class Refusals: Sendable {
        let owners = Mutex<[UInt32?]>([])
    }

    func start(owner: UInt32?, seen: UInt32, refusals: Refusals) async throws -> (RuntimeAPIServer, RuntimeMailbox) {
        let mailbox = RuntimeMailbox()
        let admission = RuntimeAPIAdmission.byOwner(
            owner, lookup: { _, _ in seen }, refused: { uid in refusals.owners.withLock { $0.append(uid) } })
        let server = try await RuntimeAPIServer.start(
            group: MultiThreadedEventLoopGroup.singleton, mailbox: mailbox, admission: admission)
        return (server, mailbox)
    }

    /// Hands the runtime parked on `/next` (through `client`) one event and checks it arrives.
    func expectServed(_ mailbox: RuntimeMailbox, first: Task<RawHTTPClient.Response, any Error>) async throws {
        guard case .ready = await mailbox.awaitInit() else {
            Issue.record("init did not end")
            return
        }
        let event = InvocationEvent(
            requestId: "r1", invocationId: "i1", deadlineMs: 1_900_000_000_000,
            invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:f", traceId: "Root=1-0-0",
            clientContext: nil, payload: ByteBuffer(string: "{}"))
        let outcome = Task { await mailbox.invoke(event) }
        let response = try await first.value
        #expect(response.status == 200)
        #expect(response.headers["lambda-runtime-aws-request-id"] == "r1")
        mailbox.fail(.timedOut)
        _ = await outcome.value
    }

    @Test("the runtime's own connection is served")
    func ownerIsServed() async throws {
        let refusals = Refusals()
        let (server, mailbox) = try await start(owner: 1000, seen: 1000, refusals: refusals)
        let client = try RawHTTPClient(port: server.port)
        let first = Task { try await blocking { try client.request("GET", RuntimeAPIWire.nextPath) } }
        try await expectServed(mailbox, first: first)
        #expect(refusals.owners.withLock { $0 }.isEmpty)
        await server.close()
    }

    @Test("another uid's connection is closed unread, and reported")
    func strangerIsRefused() async throws {
        let refusals = Refusals()
        let (server, _) = try await start(owner: 1000, seen: 2000, refusals: refusals)
        let client = try RawHTTPClient(port: server.port)
        #expect(throws: (any Error).self) { try client.request("GET", RuntimeAPIWire.nextPath) }
        #expect(refusals.owners.withLock { $0 } == [2000])
        await server.close()
    }

    @Test("a connection made before the runtime's uid is known waits for it")
    func undecidedConnectionsWait() async throws {
        let refusals = Refusals()
        let (server, mailbox) = try await start(owner: nil, seen: 1000, refusals: refusals)
        let client = try RawHTTPClient(port: server.port)
        let first = Task { try await blocking { try client.request("GET", RuntimeAPIWire.nextPath) } }
        server.admission.restrict(toOwner: 1000)
        try await expectServed(mailbox, first: first)
        #expect(refusals.owners.withLock { $0 }.isEmpty)
        await server.close()
    }
}
