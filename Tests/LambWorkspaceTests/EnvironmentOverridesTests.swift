import Foundation
import LambWorkspace
import Testing

@Suite("Environment overrides")
struct EnvironmentOverridesTests {
    let template = ["TABLE": "prod-table", "STAGE": "prod", "LOG_LEVEL": "info"]

    @Test("without files the template's variables are used as they are")
    func none() {
        #expect(EnvironmentOverrides.none.apply(to: template, logicalId: "Fn") == template)
    }

    @Test("precedence: template < .env < --env-vars JSON")
    func precedence() throws {
        let sam = try SAMEnvironmentVariablesFile.parse(
            Data(#"{"Parameters": {"STAGE": "json-all"}, "Fn": {"TABLE": "json-fn"}}"#.utf8), path: "env.json")
        let overrides = EnvironmentOverrides(dotEnv: ["STAGE": "dotenv", "LOG_LEVEL": "debug"], samFile: sam)
        #expect(
            overrides.apply(to: template, logicalId: "Fn")
                == ["TABLE": "json-fn", "STAGE": "json-all", "LOG_LEVEL": "debug"])
    }

    @Test(".env adds variables the template does not declare; --env-vars only replaces declared ones, as SAM CLI does")
    func reach() throws {
        let sam = try SAMEnvironmentVariablesFile.parse(
            Data(#"{"Parameters": {"UNDECLARED": "dropped", "LOCAL_ONLY": "json"}}"#.utf8), path: "env.json")
        let overrides = EnvironmentOverrides(dotEnv: ["LOCAL_ONLY": "dotenv"], samFile: sam)
        let result = overrides.apply(to: template, logicalId: "Fn")
        #expect(result["UNDECLARED"] == nil)
        // Declared by .env, not by the template: SAM's file does not reach it.
        #expect(result["LOCAL_ONLY"] == "dotenv")
    }

    @Test("a function's entry applies to that function only, found by logical id or function name")
    func perFunction() throws {
        let sam = try SAMEnvironmentVariablesFile.parse(
            Data(#"{"Fn": {"STAGE": "by-id"}, "other-name": {"STAGE": "by-name"}}"#.utf8), path: "env.json")
        let overrides = EnvironmentOverrides(samFile: sam)
        #expect(overrides.apply(to: template, logicalId: "Fn")["STAGE"] == "by-id")
        #expect(overrides.apply(to: template, logicalId: "Other", functionName: "other-name")["STAGE"] == "by-name")
        #expect(overrides.apply(to: template, logicalId: "Third")["STAGE"] == "prod")
    }
}

@Suite("Environment overrides from files")
struct EnvironmentOverridesLoadingTests {
    @Test("both files load together; a file not given is skipped; a broken one names itself")
    func load() throws {
        let dir = try ScratchDirectory("env-files")
        try dir.write(".env", "DEBUG=1\nURL=http://${HOST}\n")
        try dir.write("env.json", #"{"Fn": {"STAGE": "dev"}}"#)
        let overrides = try EnvironmentOverrides.load(
            dotEnvFile: dir.at(".env"), samFile: dir.at("env.json"), outer: ["HOST": "localhost"])
        #expect(overrides.dotEnv == ["DEBUG": "1", "URL": "http://localhost"])
        #expect(
            overrides.apply(to: ["STAGE": "prod"], logicalId: "Fn") == [
                "STAGE": "dev", "DEBUG": "1", "URL": "http://localhost",
            ])
        #expect(try EnvironmentOverrides.load(dotEnvFile: nil, samFile: nil) == .none)

        try dir.write("env.json", "{")
        let error = #expect(throws: EnvironmentFileError.self) {
            try EnvironmentOverrides.load(dotEnvFile: dir.at(".env"), samFile: dir.at("env.json"))
        }
        #expect(error?.path == dir.at("env.json").path)
    }
}
