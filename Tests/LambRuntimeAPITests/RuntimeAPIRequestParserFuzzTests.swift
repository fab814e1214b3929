import NIOCore
import Testing

@testable import LambRuntimeAPI

/// Random mutations of well-formed Runtime API traffic, fed whole and in random pieces: the parser never traps, and
/// how the bytes are split never changes what it reads (the requests before an error, and whether there is one).
/// Seeded, so a failure names the case that reproduces it. The conformance suite's `test_fuzz.py` fuzzes the Runtime
/// API's answers from inside an environment; this is its framing.
@Suite("Runtime API request parser, fuzzed")
struct RuntimeAPIRequestParserFuzzTests {
    static let seeds: [String] = [
        RuntimeAPIRequestParserTests.pipelined,
        "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nUser-Agent: x\r\n\r\n",
        "POST /2018-06-01/runtime/invocation/id/response HTTP/1.1\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"
            + "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n",
        "POST /2018-06-01/runtime/init/error HTTP/1.0\r\nLambda-Runtime-Function-Error-Type: E\r\nContent-Length: 2\r\n"
            + "Connection: keep-alive\r\n\r\n{}",
        "POST /r HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n1\r\na\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n",
    ]
    /// Fragments that reach the parser's edges when spliced in.
    static let fragments: [String] = [
        "\r\n", "\n", "\r", " ", ":", "\t", "\0", "0", "9", "-1", "+1", "ffffffffffffffffffff", "99999999999999999999",
        "18446744073709551616", "9223372036854775807", "Content-Length: ", "Transfer-Encoding: chunked\r\n",
        "Transfer-Encoding: identity\r\n", "Content-Length: 3\r\n", "Content-Length: 99999999999999999999\r\n", ";ext",
        "\r\n0\r\n\r\n", "HTTP/1.1", "HTTP/1.0", "GET ", "POST ", " HTTP/1.1\r\n", "\u{00e9}", "\u{ff}", "\r\n\r\n",
    ]

    struct Outcome: Equatable {
        var requests: [String]
        var failed: Bool
    }

    /// What the parser reads from `bytes` fed in pieces of `piece` bytes.
    static func outcome(_ bytes: [UInt8], piece: Int) -> Outcome {
        var parser = RuntimeAPIRequestParser()
        var requests: [String] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + piece)
            parser.feed(ByteBuffer(bytes: bytes[start..<end]))
            do {
                while let request = try parser.next() {
                    requests.append(
                        "\(request.method) \(request.path) keepAlive=\(request.keepAlive) tooLarge=\(request.bodyTooLarge) "
                            + "body=\(Array(request.body.readableBytesView))")
                    // A runaway loop would never end: no input of this size holds this many requests.
                    if requests.count > bytes.count { return Outcome(requests: requests, failed: true) }
                }
            } catch {
                return Outcome(requests: requests, failed: true)
            }
            start = end
        }
        return Outcome(requests: requests, failed: false)
    }

    static func mutated(_ seed: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + rng.below(4)) {
            let at = rng.below(bytes.count + 1)
            switch rng.below(5) {
            case 0:  // splice in a fragment
                bytes.insert(contentsOf: Array(fragments[rng.below(fragments.count)].utf8), at: at)
            case 1:  // drop a span
                let end = min(bytes.count, at + 1 + rng.below(12))
                if at < end { bytes.removeSubrange(at..<end) }
            case 2:  // overwrite a byte
                if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
            case 3:  // repeat a span
                let end = min(bytes.count, at + 1 + rng.below(40))
                if at < end { bytes.insert(contentsOf: bytes[at..<end], at: at) }
            default:  // another request after this one
                bytes += Array(seeds[rng.below(seeds.count)].utf8)
            }
        }
        return bytes
    }

    @Test("mutated traffic: never a trap, and the same reading however it is split", arguments: 0..<8)
    func mutations(batch: Int) {
        var rng = SplitMix(seed: UInt64(batch) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        for index in 0..<250 {
            let input = Self.mutated(Array(Self.seeds[rng.below(Self.seeds.count)].utf8), &rng)
            let whole = Self.outcome(input, piece: .max)
            for piece in [1, 1 + rng.below(16), 1 + rng.below(256)] {
                let split = Self.outcome(input, piece: piece)
                #expect(
                    split == whole,
                    "batch \(batch) case \(index), pieces of \(piece): \(String(decoding: input, as: UTF8.self).debugDescription)")
            }
        }
    }
}

/// A small seeded generator (SplitMix64), so that every run tries the same cases.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}
