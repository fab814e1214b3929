import LambCore
import Testing

/// Filter patterns, with cases from Lambda's event-filtering documentation.
struct FilterPatternTests {
    static let record = JSONValue.parse(
        """
        {"messageId": "m1", "body": {"RequestCode": "BBBB", "Location": "New York", "Price": 120.5, "Quantity": 0,
          "Tags": ["a", "b"], "Flag": true, "Nothing": null, "Region": "us-west-2", "File": "data.png",
          "Key": "Value"},
         "attributes": {"ApproximateReceiveCount": "1"},
         "messageAttributes": {"channel": {"stringValue": "Mobile", "dataType": "String"}}}
        """)!

    static let cases: [(pattern: String, matches: Bool)] = [
        (#"{"body": {"RequestCode": ["BBBB"]}}"#, true),
        (#"{"body": {"RequestCode": ["AAAA", "BBBB"]}}"#, true),
        (#"{"body": {"RequestCode": ["CCCC"]}}"#, false),
        (#"{"body": {"Location": [{"prefix": "New"}]}}"#, true),
        (#"{"body": {"Location": [{"prefix": "new"}]}}"#, false),
        (#"{"body": {"Location": [{"prefix": {"equals-ignore-case": "new"}}]}}"#, true),
        (#"{"body": {"File": [{"suffix": ".png"}]}}"#, true),
        (#"{"body": {"File": [{"suffix": {"equals-ignore-case": ".PNG"}}]}}"#, true),
        (#"{"body": {"File": [{"suffix": ".jpg"}]}}"#, false),
        (#"{"body": {"Location": [{"equals-ignore-case": "new york"}]}}"#, true),
        (#"{"body": {"Location": [{"anything-but": ["New York", "Boston"]}]}}"#, false),
        (#"{"body": {"Location": [{"anything-but": "Boston"}]}}"#, true),
        (#"{"body": {"Region": [{"anything-but": {"prefix": "us-"}}]}}"#, false),
        (#"{"body": {"Region": [{"anything-but": {"suffix": "-1"}}]}}"#, true),
        (#"{"body": {"Price": [{"numeric": [">", 100, "<=", 200]}]}}"#, true),
        (#"{"body": {"Price": [{"numeric": ["<", 100]}]}}"#, false),
        (#"{"body": {"Quantity": [{"numeric": ["=", 0]}]}}"#, true),
        (#"{"body": {"Quantity": [0]}}"#, true),
        (#"{"body": {"Location": [{"numeric": [">", 0]}]}}"#, false),
        (#"{"body": {"Location": [{"exists": true}]}}"#, true),
        (#"{"body": {"Missing": [{"exists": false}]}}"#, true),
        (#"{"body": {"Location": [{"exists": false}]}}"#, false),
        (#"{"body": {"Missing": [{"exists": true}]}}"#, false),
        (#"{"body": {"Nothing": [null]}}"#, true),
        (#"{"body": {"Flag": [true]}}"#, true),
        (#"{"body": {"Quantity": [false]}}"#, false),
        (#"{"body": {"Tags": ["b"]}}"#, true),
        (#"{"body": {"Tags": ["c"]}}"#, false),
        (#"{"body": {"RequestCode": ["BBBB"], "Location": ["Boston"]}}"#, false),
        (#"{"body": {"$or": [{"RequestCode": ["AAAA"]}, {"Location": ["New York"]}]}}"#, true),
        (#"{"body": {"$or": [{"RequestCode": ["AAAA"]}, {"Location": ["Boston"]}]}}"#, false),
        (#"{"$or": [{"attributes": {"ApproximateReceiveCount": ["2"]}}, {"messageId": ["m1"]}]}"#, true),
        (#"{"messageAttributes": {"channel": {"stringValue": [{"equals-ignore-case": "MOBILE"}]}}}"#, true),
        (#"{"body": {"Key": {"Nested": ["x"]}}}"#, false),
    ]

    @Test(arguments: cases.indices)
    func matchesAsLambdaDocuments(_ index: Int) throws {
        let (text, expected) = Self.cases[index]
        let pattern = try FilterPattern(text)
        #expect(pattern.matches(Self.record) == expected, "\(text)")
    }

    @Test(arguments: [
        "not json", "[]", "{}", #"{"body": "BBBB"}"#, #"{"body": {"a": []}}"#,
        #"{"body": {"a": [{"prefix": 1}]}}"#, #"{"body": {"a": [{"numeric": [">"]}]}}"#,
        #"{"body": {"a": [{"numeric": ["!", 1]}]}}"#, #"{"body": {"a": [{"unknown": 1}]}}"#,
        #"{"$or": [{"a": ["b"]}]}"#, #"{"body": {"a": [{"exists": "yes"}]}}"#,
    ])
    func refusesInvalidPatterns(_ text: String) {
        #expect(throws: FilterPattern.invalid) { try FilterPattern(text) }
    }

    @Test func anyFilterLetsAMessageThroughAndNoFiltersLetEverythingThrough() throws {
        let filters = [
            try FilterPattern(#"{"body": {"RequestCode": ["CCCC"]}}"#),
            try FilterPattern(#"{"body": {"Location": ["New York"]}}"#),
        ]
        #expect(FilterPattern.passes(Self.record, filters: filters))
        #expect(!FilterPattern.passes(Self.record, filters: [filters[0]]))
        #expect(FilterPattern.passes(Self.record, filters: []))
    }
}
