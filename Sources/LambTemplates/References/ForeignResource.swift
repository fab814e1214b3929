import Foundation
import LambCore

/// The values `Ref` and `Fn::GetAtt` give for a resource Lamb does not create (a queue, a table, a bucket...):
/// shaped like AWS's, built from the resource's name, so that a function reading `QUEUE_URL` from its environment
/// at least sees a well-formed URL. Each one is reported as `approximated`.
struct ForeignResource {
    let type: String
    let logicalId: String
    /// The name property's value (`QueueName`, `TableName`...), or CloudFormation's kind of generated name.
    let name: String
    let pseudo: PseudoParameters

    /// The property that names a resource of `type` (`QueueName` for a queue), if it has one.
    static func nameProperty(for type: String) -> String? {
        switch type {
        case "AWS::SQS::Queue": "QueueName"
        case "AWS::SNS::Topic": "TopicName"
        case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable": "TableName"
        case "AWS::S3::Bucket": "BucketName"
        case "AWS::IAM::Role": "RoleName"
        case "AWS::Logs::LogGroup": "LogGroupName"
        case "AWS::StepFunctions::StateMachine": "StateMachineName"
        case "AWS::Kinesis::Stream", "AWS::Events::EventBus", "AWS::Events::Rule", "AWS::Serverless::StateMachine",
            "AWS::SecretsManager::Secret", "AWS::SSM::Parameter", "AWS::Serverless::Api", "AWS::Serverless::HttpApi",
            "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api":
            "Name"
        default: nil
        }
    }

    /// CloudFormation names an unnamed resource `<stack>-<logical id>-<random>`; Lamb leaves out the random part so
    /// that the name is the same at every load. Bucket names must be lower case.
    static func generatedName(type: String, logicalId: String, stackName: String) -> String {
        let name = "\(stackName)-\(logicalId)"
        return type == "AWS::S3::Bucket" ? name.lowercased() : name
    }

    private var region: String { pseudo.region }
    private var account: String { pseudo.accountId }
    private var partition: String { pseudo.partition }

    private func arn(_ service: String, _ resource: String, region: String? = nil, account: String? = nil) -> String {
        "arn:\(partition):\(service):\(region ?? self.region):\(account ?? self.account):\(resource)"
    }

    /// An id such as API Gateway's (`a1b2c3d4e5`): lower-case letters and digits derived from the stack and logical id.
    private var madeUpId: String { Self.madeUpId(stackName: pseudo.context.stackName, logicalId: logicalId) }

    /// The id of a resource of `stackName` (an API's id, which the gateway serves under and events carry).
    static func madeUpId(stackName: String, logicalId: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String(
            SHA256.hash(Array("\(stackName)/\(logicalId)".utf8)).prefix(10).map { alphabet[Int($0) % alphabet.count] })
    }

    /// What `Ref` gives.
    var reference: String {
        switch type {
        case "AWS::SQS::Queue": "https://sqs.\(region).\(pseudo.urlSuffix)/\(account)/\(name)"
        case "AWS::SNS::Topic": arn("sns", name)
        case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine": arn("states", "stateMachine:\(name)")
        case "AWS::SecretsManager::Secret": arn("secretsmanager", "secret:\(name)")
        case "AWS::KMS::Key": madeUpKeyId
        case "AWS::ApiGateway::RestApi", "AWS::Serverless::Api", "AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi":
            madeUpId
        default:
            Self.nameProperty(for: type) == nil ? logicalId : name
        }
    }

    private var madeUpKeyId: String {
        let hex = SHA256.hash(Array("\(pseudo.context.stackName)/\(logicalId)".utf8)).prefix(16).map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map {
            String(hex.dropFirst($0.lowerBound).prefix($0.count))
        }
        return parts.joined(separator: "-")
    }

    /// What `Fn::GetAtt` gives for `attribute`.
    func attribute(_ attribute: String) -> String {
        switch (type, attribute) {
        case ("AWS::SQS::Queue", "Arn"): arn("sqs", name)
        case ("AWS::SQS::Queue", "QueueName"): name
        case ("AWS::SQS::Queue", "QueueUrl"): reference
        case ("AWS::SNS::Topic", "TopicArn"): reference
        case ("AWS::SNS::Topic", "TopicName"): name
        case ("AWS::DynamoDB::Table", "Arn"), ("AWS::Serverless::SimpleTable", "Arn"): arn("dynamodb", "table/\(name)")
        case ("AWS::DynamoDB::Table", "StreamArn"):
            arn("dynamodb", "table/\(name)/stream/1970-01-01T00:00:00.000")
        case ("AWS::S3::Bucket", "Arn"): "arn:\(partition):s3:::\(name)"
        case ("AWS::S3::Bucket", "DomainName"): "\(name).s3.\(pseudo.urlSuffix)"
        case ("AWS::S3::Bucket", "RegionalDomainName"): "\(name).s3.\(region).\(pseudo.urlSuffix)"
        case ("AWS::S3::Bucket", "WebsiteURL"): "http://\(name).s3-website-\(region).\(pseudo.urlSuffix)"
        case ("AWS::IAM::Role", "Arn"): "arn:\(partition):iam::\(account):role/\(name)"
        case ("AWS::IAM::Role", "RoleId"): "AROA\(madeUpId.uppercased())"
        case ("AWS::Logs::LogGroup", "Arn"): arn("logs", "log-group:\(name):*")
        case ("AWS::Kinesis::Stream", "Arn"): arn("kinesis", "stream/\(name)")
        case ("AWS::Events::EventBus", "Arn"): arn("events", "event-bus/\(name)")
        case ("AWS::Events::Rule", "Arn"): arn("events", "rule/\(name)")
        case ("AWS::StepFunctions::StateMachine", "Arn"), ("AWS::Serverless::StateMachine", "Arn"): reference
        case ("AWS::KMS::Key", "Arn"): arn("kms", "key/\(madeUpKeyId)")
        case ("AWS::KMS::Key", "KeyId"): madeUpKeyId
        case ("AWS::ApiGateway::RestApi", "RootResourceId"), ("AWS::Serverless::Api", "RootResourceId"):
            String(madeUpId.reversed())
        case ("AWS::ApiGatewayV2::Api", "ApiEndpoint"), ("AWS::Serverless::HttpApi", "ApiEndpoint"):
            "https://\(madeUpId).execute-api.\(region).\(pseudo.urlSuffix)"
        case (_, "Arn"):
            arn(Self.service(of: type), name)
        case (_, "Name"), (_, "\(Self.typeName(of: type))Name"):
            name
        default:
            "\(name).\(attribute)"
        }
    }

    /// `AWS::SQS::Queue` → `sqs`.
    static func service(of type: String) -> String {
        let parts = type.components(separatedBy: "::")
        return parts.count >= 2 ? parts[1].lowercased() : type.lowercased()
    }

    /// `AWS::SQS::Queue` → `Queue`.
    static func typeName(of type: String) -> String { type.components(separatedBy: "::").last ?? type }
}
