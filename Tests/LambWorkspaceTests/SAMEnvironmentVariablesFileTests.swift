import Foundation
import LambWorkspace
import Testing

@Suite("SAM --env-vars files")
struct SAMEnvironmentVariablesFileTests {
    func parse(_ json: String) throws -> SAMEnvironmentVariablesFile {
        try SAMEnvironmentVariablesFile.parse(Data(json.utf8), path: "env.json")
    }

    @Test("Parameters apply to every function; other keys name one function")
    func shape() throws {
        let file = try parse(#"{"Parameters": {"TABLE": "local"}, "HelloFunction": {"STAGE": "dev"}}"#)
        #expect(file.parameters == ["TABLE": "local"])
        #expect(file.functions == ["HelloFunction": ["STAGE": "dev"]])
    }

    @Test(
        "values become text as SAM CLI makes them: booleans lowercase, numbers as Python prints them, null/array/object empty"
    )
    func stringification() throws {
        let file = try parse(
            #"{"F": {"S": "text", "T": true, "N": false, "I": 42, "D": 1.5, "W": 1.0, "E": 1e3, "Z": null, "L": [1], "O": {"a": 1}}}"#
        )
        #expect(
            file.functions["F"] == [
                "S": "text", "T": "true", "N": "false", "I": "42", "D": "1.5", "W": "1.0", "E": "1000.0", "Z": "",
                "L": "", "O": "",
            ])
    }

    @Test("a function's entry is found by logical id first, then by function name, and wins over Parameters")
    func lookup() throws {
        let file = try parse(
            #"{"Parameters": {"A": "p", "B": "p"}, "HelloFunction": {"B": "logical"}, "hello-fn": {"B": "name", "C": "name"}}"#
        )
        #expect(file.overrides(logicalId: "HelloFunction", functionName: "hello-fn") == ["A": "p", "B": "logical"])
        #expect(file.overrides(logicalId: "Other", functionName: "hello-fn") == ["A": "p", "B": "name", "C": "name"])
        #expect(file.overrides(logicalId: "Other", functionName: nil) == ["A": "p", "B": "p"])
    }

    @Test(
        "mistakes name the file and what is wrong",
        arguments: [
            (#"{"HelloFunction": "x"}"#, #""HelloFunction" must be an object"#),
            (#"{"Parameters": [1]}"#, #""Parameters" must be an object"#),
            ("[1, 2]", "expected a JSON object of function names to variables"),
            (#""text""#, "expected a JSON object of function names to variables"),
            (#"{"A": {"B": "c"},}"#, "not valid JSON (a trailing comma, perhaps)"),
            ("", "not valid JSON"),
        ])
    func errors(_ json: String, _ fragment: String) {
        let error = #expect(throws: EnvironmentFileError.self) { try parse(json) }
        #expect(error?.path == "env.json")
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test("a syntax error names its line")
    func syntaxErrorLine() {
        let json = "{\n  \"Parameters\": {\n    \"A\": \"1\"\n    \"B\": \"2\"\n  }\n}\n"
        let error = #expect(throws: EnvironmentFileError.self) {
            try SAMEnvironmentVariablesFile.parse(Data(json.utf8), path: "env.json")
        }
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("env.json:4: not valid JSON") == true)
    }
}
