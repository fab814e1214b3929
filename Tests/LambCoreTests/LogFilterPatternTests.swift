import LambCore
import Testing

@Suite("CloudWatch Logs filter patterns")
struct LogFilterPatternTests {
    func matches(_ pattern: String, _ message: String) throws -> Bool {
        try LogFilterPattern(pattern).matches(message)
    }

    @Test(
        "terms, phrases, any-of and exclusions on unstructured text",
        arguments: [
            ("", "anything", true),
            ("ERROR", "an ERROR happened", true),
            ("ERROR", "an error happened", false),  // case-sensitive
            ("ERROR timeout", "ERROR: timeout after 3s", true),
            ("ERROR timeout", "ERROR: refused", false),
            ("\"disk full\"", "warning: disk full now", true),
            ("\"disk full\"", "full disk", false),
            ("?ERROR ?WARN", "WARN low memory", true),
            ("?ERROR ?WARN", "INFO fine", false),
            ("ERROR -retry", "ERROR will retry", false),
            ("ERROR -retry", "ERROR gave up", true),
            ("-\"health check\"", "GET / health check", false),
            ("request-id=abc", "start request-id=abc", true),
            ("\"say \\\"hi\\\"\"", "they say \"hi\" twice", true),
        ])
    func terms(pattern: String, message: String, expected: Bool) throws {
        #expect(try matches(pattern, message) == expected)
    }

    static let error =
        #"{"level":"ERROR","latency":250,"user":{"id":"u1","roles":["admin","dev"]},"ok":false,"gone":null}"#
    static let info = #"{"level":"INFO","latency":5.5,"ok":true}"#

    @Test(
        "JSON patterns: selectors, operators, wildcards, IS and NOT EXISTS, && and || with parentheses",
        arguments: [
            (#"{ $.level = "ERROR" }"#, true, false),
            (#"{ $.level = ERROR }"#, true, false),
            (#"{ $.level = "ERR*" }"#, true, false),
            (#"{ $.level = "*O*" }"#, true, true),
            (#"{ $.level != "ERROR" }"#, false, true),
            ("{ $.latency > 100 }", true, false),
            ("{ $.latency <= 5.5 }", false, true),
            ("{ $.latency >= 250 && $.latency < 251 }", true, false),
            ("{ $.latency = 2.5e2 }", true, false),
            ("{ $.latency != 5.5 }", true, false),
            (#"{ $.user.id = "u1" }"#, true, false),
            (#"{ $.user.roles[1] = "dev" }"#, true, false),
            (#"{ $.user.roles[2] = "dev" }"#, false, false),
            ("{ $.user NOT EXISTS }", false, true),
            ("{ $.gone IS NULL }", true, false),
            ("{ $.missing IS NULL }", false, false),
            ("{ $.ok IS TRUE }", false, true),
            ("{ $.ok IS FALSE }", true, false),
            (#"{ ($.latency < 10 || $.latency > 200) && $.level != "DEBUG" }"#, true, true),
            (#"{ $.level = "INFO" || $.level = "ERROR" && $.latency > 1000 }"#, false, true),
            (#"{ $.missing != "x" }"#, false, false),
            (#"{ $.latency = "250" }"#, false, false),  // a string never equals a number
        ])
    func json(pattern: String, matchesError: Bool, matchesInfo: Bool) throws {
        #expect(try matches(pattern, Self.error) == matchesError)
        #expect(try matches(pattern, Self.info) == matchesInfo)
    }

    @Test("a JSON pattern matches only messages that are JSON objects")
    func jsonNeedsAnObject() throws {
        #expect(try !matches(#"{ $.level = "ERROR" }"#, "ERROR not json"))
        #expect(try !matches(#"{ $[0] = 1 }"#, "[1, 2]"))
    }

    @Test(
        "space-delimited patterns",
        arguments: [
            ("[ip, user, username, timestamp, request, status, bytes]", true),
            ("[ip, user, username, timestamp, request, status = 404, bytes]", true),
            ("[ip, user, username, timestamp, request, status = 4*, bytes]", true),
            ("[ip, user, username, timestamp, request, status = 200, bytes]", false),
            (#"[ip, user, username, timestamp, request = "*apache_pb*", status, bytes > 1000]"#, true),
            ("[ip, ..., status = 404 || status = 500, bytes]", true),
            ("[ip, ...]", true),
            ("[..., bytes < 1000]", false),
            ("[ip, user]", false),  // too few fields
        ])
    func delimited(pattern: String, expected: Bool) throws {
        let line = #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326"#
        #expect(try matches(pattern, line) == expected)
    }

    @Test("regular expressions between percent signs")
    func regex() throws {
        #expect(try matches("%ERROR [0-9]+%", "ERROR 42 happened"))
        #expect(try !matches("%ERROR [0-9]+%", "ERROR x"))
    }

    @Test(
        "invalid patterns are InvalidParameterException",
        arguments: [
            "{ $.level = }", "{ $.level = \"ERROR\"", "{ level = 1 }", "{ $.a > abc }", "{ $.a = 1 && }",
            "{ ($.a = 1 }", "{ $.a IS MAYBE }", "{ $.a NOT THERE }", "\"unterminated", "{ $. = 1 }", "{ $.a[x] = 1 }",
            "[a, b", "[a = ]", "%%", "{ $.a & $.b }", "{ $.a == 1 }",
        ])
    func invalid(pattern: String) {
        #expect(throws: LogsServiceError.invalidFilterPattern) { try LogFilterPattern(pattern) }
    }
}
