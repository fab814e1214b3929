import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import NIOCore
import Testing

@testable import LambAPI

@Suite("AWS error responses")
struct AWSResponseTests {
    @Test("a body over a route's limit is RequestTooLargeException 413, not a ServiceException")
    func tooManyBytes() async {
        // What `Request.body.collect(upTo:)` throws when a payload is over the limit.
        let response = await AWSResponse.handling { throw NIOTooManyBytesError(maxBytes: 10) }
        #expect(response.status.code == 413)
        #expect(response.headers[.amznErrorType] == "RequestTooLargeException")
    }

    @Test("a LambError keeps its code; anything else is a ServiceException 500")
    func mapping() async {
        let notFound = await AWSResponse.handling { throw LambError.functionNotFound(arn: "arn") }
        #expect(notFound.status.code == 404)
        #expect(notFound.headers[.amznErrorType] == "ResourceNotFoundException")
        struct Unexpected: Error {}
        let other = await AWSResponse.handling { throw Unexpected() }
        #expect(other.status.code == 500)
        #expect(other.headers[.amznErrorType] == "ServiceException")
    }

    @Test("a throttle carries Reason in the body and Retry-After")
    func throttle() async throws {
        let error = LambError(
            .tooManyRequests(reason: .reservedFunctionConcurrentInvocationLimitExceeded, retryAfterSeconds: 1),
            "Rate Exceeded.")
        let response = AWSResponse.error(error)
        #expect(response.status.code == 429)
        #expect(response.headers[.retryAfter] == "1")
        let collected = CollectedBody()
        try await response.body.write(CollectingWriter(into: collected))
        let data = Data(collected.buffer.readableBytesView)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(json["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded")
        #expect(json["message"] == "Rate Exceeded.")
        #expect(json["Type"] == "User")
    }
}

/// Gathers what a response body writes (the writer is consumed by `finish`, so the bytes live in a box).
final class CollectedBody: @unchecked Sendable {
    // Only touched by the one test task that writes and then reads it.
    var buffer = ByteBuffer()
}

struct CollectingWriter: ResponseBodyWriter {
    let into: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        into.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
