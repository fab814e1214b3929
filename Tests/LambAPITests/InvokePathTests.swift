import Testing

@testable import LambAPI

@Suite("Invoke path parsing (fast path)")
struct InvokePathTests {
    @Test("the function name and query of an Invoke path")
    func parses() throws {
        let plain = try #require(InvokePath.parse("/2015-03-31/functions/my-fn/invocations"))
        #expect(plain.name == "my-fn" && plain.query == nil)
        let arn = try #require(
            InvokePath.parse("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations?Qualifier=live"))
        #expect(InvokePath.percentDecoded(arn.name) == "arn:aws:lambda:us-east-1:1:function:f")
        #expect(arn.query.flatMap(InvokePath.qualifier(in:)) == "live")
        #expect(InvokePath.qualifier(in: "a=1&Qualifier=%24LATEST") == "$LATEST")
        #expect(InvokePath.qualifier(in: "a=1") == nil)
    }

    @Test("other paths are left to the router", arguments: [
        "/2015-03-31/functions/invocations", "/2015-03-31/functions//invocations", "/2015-03-31/functions/a/b/invocations",
        "/2015-03-31/functions/f/invocations/", "/2015-03-31/functions/f", "/2014-11-13/functions/f/invoke-async/",
        "/2015-03-31/functions/f/invocationsX",
    ])
    func rejects(path: String) {
        #expect(InvokePath.parse(path) == nil)
    }
}
