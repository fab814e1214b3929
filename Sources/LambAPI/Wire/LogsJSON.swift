import LambCore

/// Requests and answers of the CloudWatch Logs operations Lamb serves, with the member names of botocore's `logs`
/// model (JSON 1.1: camelCase, timestamps as epoch milliseconds). Members a request may leave out are optional;
/// members an answer leaves out are `nil` (the encoder drops them).
enum LogsJSON {
    struct DescribeLogGroupsInput: Decodable {
        var logGroupNamePrefix: String?
        var logGroupNamePattern: String?
        var logGroupIdentifiers: [String]?
        var limit: Int?
        var nextToken: String?
    }

    struct LogGroup: Encodable {
        var logGroupName: String
        var creationTime: Int64
        var retentionInDays: Int?
        var metricFilterCount: Int?
        var arn: String
        var storedBytes: Int?
        var logGroupClass: String?
        var logGroupArn: String?
    }

    struct DescribeLogGroupsOutput: Encodable {
        var logGroups: [LogGroup]
        var nextToken: String?
    }

    struct DescribeLogStreamsInput: Decodable {
        var logGroupName: String?
        var logGroupIdentifier: String?
        var logStreamNamePrefix: String?
        var orderBy: String?
        var descending: Bool?
        var limit: Int?
        var nextToken: String?
    }

    struct LogStream: Encodable {
        var logStreamName: String
        var creationTime: Int64
        var firstEventTimestamp: Int64
        var lastEventTimestamp: Int64
        var lastIngestionTime: Int64
        var arn: String
        var storedBytes: Int
    }

    struct DescribeLogStreamsOutput: Encodable {
        var logStreams: [LogStream]
        var nextToken: String?
    }

    struct GetLogEventsInput: Decodable {
        var logGroupName: String?
        var logGroupIdentifier: String?
        var logStreamName: String?
        var startTime: Int64?
        var endTime: Int64?
        var nextToken: String?
        var limit: Int?
        var startFromHead: Bool?
    }

    struct OutputLogEvent: Encodable {
        var timestamp: Int64
        var message: String
        var ingestionTime: Int64
    }

    struct GetLogEventsOutput: Encodable {
        var events: [OutputLogEvent]
        var nextForwardToken: String
        var nextBackwardToken: String
    }

    struct FilterLogEventsInput: Decodable {
        var logGroupName: String?
        var logGroupIdentifier: String?
        var logStreamNames: [String]?
        var logStreamNamePrefix: String?
        var startTime: Int64?
        var endTime: Int64?
        var filterPattern: String?
        var nextToken: String?
        var limit: Int?
        var interleaved: Bool?
    }

    struct FilteredLogEvent: Encodable {
        var logStreamName: String
        var timestamp: Int64
        var message: String
        var ingestionTime: Int64
        var eventId: String
    }

    struct SearchedLogStream: Encodable {
        var logStreamName: String
        var searchedCompletely: Bool
    }

    struct FilterLogEventsOutput: Encodable {
        var events: [FilteredLogEvent]
        var searchedLogStreams: [SearchedLogStream]
        var nextToken: String?
    }

    /// `CreateLogGroup`, `DeleteLogGroup`, `PutRetentionPolicy`, `DeleteRetentionPolicy` and the tag operations.
    struct LogGroupInput: Decodable {
        var logGroupName: String?
        var retentionInDays: Int?
        var tags: [String: String]?
    }

    /// `UntagLogGroup`: tag keys, not a map.
    struct UntagLogGroupInput: Decodable {
        var logGroupName: String?
        var tags: [String]?
    }

    struct TagsOutput: Encodable {
        var tags: [String: String]
    }

    struct Empty: Codable {}
}
