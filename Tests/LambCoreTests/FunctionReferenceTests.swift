import LambCore
import Testing

@Suite("FunctionReference parsing")
struct FunctionReferenceTests {
    @Test(
        "every FunctionName form Lambda accepts",
        arguments: [
            ("f", "f", nil),
            ("f:3", "f", "3"),
            ("f:$LATEST", "f", "$LATEST"),
            ("123456789012:function:f", "f", nil),
            ("123456789012:function:f:prod", "f", "prod"),
            ("arn:aws:lambda:us-east-1:123456789012:function:f", "f", nil),
            ("arn:aws:lambda:us-east-1:123456789012:function:my-fn_1:live", "my-fn_1", "live"),
        ] as [(String, String, String?)])
    func forms(raw: String, name: String, qualifier: String?) throws {
        let r = try FunctionReference.parse(raw)
        #expect(r.name == name)
        #expect(r.qualifier == qualifier)
    }

    @Test("bad names are InvalidParameterValueException", arguments: ["", "bad name!", String(repeating: "a", count: 65), "a:b:c:d:e"])
    func badNames(raw: String) {
        #expect(throws: LambError.self) { try FunctionReference.parse(raw) }
    }

    @Test("a qualifier in the name must agree with the Qualifier parameter")
    func qualifierClash() throws {
        #expect(throws: LambError.self) { try FunctionReference.parse("f:1", qualifier: "2") }
        #expect(try FunctionReference.parse("f:1", qualifier: "1").qualifier == "1")
        #expect(try FunctionReference.parse("f", qualifier: "prod").qualifier == "prod")
    }
}
