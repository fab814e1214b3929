import LambRuntimeAPI
import NIOCore
import Synchronization
import Testing

@Suite("SnapStart restore channel")
struct RestoreChannelTests {
    /// Records what a parked `/restore/next` was answered with.
    final class Answers: Sendable {
        let bodies = Mutex([String]())
        var responder: RestoreChannel.Responder {
            { body in self.bodies.withLock { $0.append(String(buffer: body)) } }
        }
    }

    @Test("an order goes to the parked template, and the child's pid comes back with its next park")
    func order() async {
        let channel = RestoreChannel()
        let answers = Answers()
        channel.park(answers.responder, reportedOrder: nil, pid: nil, selfPid: 7)
        #expect(channel.runtimePid == 7)
        async let pid = channel.restore(order: "a", body: ByteBuffer(string: "{\"id\":\"a\"}"))
        while answers.bodies.withLock({ $0.isEmpty }) { await Task.yield() }
        #expect(answers.bodies.withLock { $0 } == ["{\"id\":\"a\"}"])
        channel.park(answers.responder, reportedOrder: "a", pid: 42)
        #expect(await pid == 42)
    }

    @Test("a restore waits for the template to park")
    func waits() async {
        let channel = RestoreChannel()
        let answers = Answers()
        async let pid = channel.restore(order: "b", body: ByteBuffer(string: "b"))
        try? await Task.sleep(for: .milliseconds(10))
        channel.park(answers.responder, reportedOrder: nil, pid: nil)
        while answers.bodies.withLock({ $0.isEmpty }) { await Task.yield() }
        channel.park(answers.responder, reportedOrder: "b", pid: 9)
        #expect(await pid == 9)
    }

    @Test("closing ends every waiting restore with nil")
    func close() async {
        let channel = RestoreChannel()
        async let pid = channel.restore(order: "c", body: ByteBuffer(string: "c"))
        try? await Task.sleep(for: .milliseconds(10))
        channel.close()
        #expect(await pid == nil)
        #expect(await channel.restore(order: "d", body: ByteBuffer()) == nil)
    }
}
