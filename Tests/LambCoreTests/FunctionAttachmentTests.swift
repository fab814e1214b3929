import LambCore
import Testing

@Suite("KMSKeyArn, VpcConfig, FileSystemConfigs, ImageConfig")
struct FunctionAttachmentTests {
    static let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let vpc = VpcSettings(subnetIds: ["subnet-0123abcd"], securityGroupIds: ["sg-0123456789abcdef0"])
    static let accessPoint = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"

    func patch(_ change: (inout FunctionSettingsPatch) -> Void) -> FunctionSettingsPatch {
        var p = FunctionSettingsPatch()
        p.runtime = "python3.11"
        p.handler = "app.handler"
        p.role = "arn:aws:iam::123456789012:role/lambda"
        change(&p)
        return p
    }

    func create(_ change: (inout FunctionSettingsPatch) -> Void) throws -> FunctionSettings {
        try FunctionSettings.creating(from: patch(change), runtimes: FixedRuntimes())
    }

    func refusal(_ change: (inout FunctionSettingsPatch) -> Void) -> String? {
        do {
            _ = try create(change)
            return nil
        } catch let error as LambError {
            #expect(error.code == .invalidParameterValue)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("valid values are kept; empty ones clear")
    func kept() throws {
        let s = try create {
            $0.kmsKeyArn = Self.key
            $0.vpcConfig = Self.vpc
            $0.fileSystemConfigs = [FileSystemSettings(arn: Self.accessPoint, localMountPath: "/mnt/data")]
            $0.imageConfig = ImageSettings()
        }
        #expect(s.kmsKeyArn == Self.key)
        #expect(s.vpcConfig == Self.vpc)
        #expect(s.vpcConfig?.madeUpVpcId.hasPrefix("vpc-") == true)
        #expect(s.vpcConfig?.madeUpVpcId.count == 21)
        #expect(s.fileSystemConfigs?.first?.localMountPath == "/mnt/data")

        var clear = FunctionSettingsPatch()
        clear.kmsKeyArn = ""
        clear.vpcConfig = VpcSettings(subnetIds: [], securityGroupIds: [])
        clear.fileSystemConfigs = []
        let cleared = try s.applying(clear, runtimes: FixedRuntimes())
        #expect(cleared.kmsKeyArn == nil && cleared.vpcConfig == nil && cleared.fileSystemConfigs == nil)
    }

    @Test(
        "KMSKeyArn: the model's pattern, then a KMS key",
        arguments: ["not-an-arn", "arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:kms:us-east-1:123456789012:alias/a"])
    func badKey(_ arn: String) {
        #expect(refusal { $0.kmsKeyArn = arn } != nil)
    }

    @Test(
        "VpcConfig: both lists or neither, EC2 id shapes, the model's counts",
        arguments: [
            VpcSettings(subnetIds: ["subnet-0123abcd"], securityGroupIds: []),
            VpcSettings(subnetIds: [], securityGroupIds: ["sg-0123abcd"]),
            VpcSettings(subnetIds: ["subnet-xyz"], securityGroupIds: ["sg-0123abcd"]),
            VpcSettings(subnetIds: ["subnet-0123abcd"], securityGroupIds: ["0123abcd"]),
            VpcSettings(subnetIds: Array(repeating: "subnet-0123abcd", count: 17), securityGroupIds: ["sg-0123abcd"]),
            VpcSettings(subnetIds: ["subnet-0123abcd"], securityGroupIds: Array(repeating: "sg-0123abcd", count: 6)),
        ])
    func badVpc(_ vpc: VpcSettings) {
        #expect(refusal { $0.vpcConfig = vpc } != nil)
    }

    @Test("the count and length limits are the model's, in its wording")
    func modelWording() {
        let message = refusal {
            $0.vpcConfig = VpcSettings(
                subnetIds: Array(repeating: "subnet-0123abcd", count: 17), securityGroupIds: ["sg-0123abcd"])
        }
        #expect(message?.hasPrefix("1 validation error detected: Value '[subnet-0123abcd") == true)
        #expect(
            message?.hasSuffix(
                "at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must have length less than or equal to 16"
            ) == true)
    }

    @Test(
        "FileSystemConfigs: one at most, an access point ARN, a /mnt path, and a VPC for EFS",
        arguments: [
            ([FileSystemSettings(arn: accessPoint, localMountPath: "/mnt/a")], false),
            (
                [
                    FileSystemSettings(arn: accessPoint, localMountPath: "/mnt/a"),
                    FileSystemSettings(arn: accessPoint, localMountPath: "/mnt/b"),
                ], true
            ),
            (
                [
                    FileSystemSettings(
                        arn: "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
                        localMountPath: "/mnt/a")
                ], true
            ),
            ([FileSystemSettings(arn: accessPoint, localMountPath: "/data")], true),
            ([FileSystemSettings(arn: accessPoint, localMountPath: "/mnt/a/b")], true),
            (
                [FileSystemSettings(arn: accessPoint, localMountPath: "/mnt/" + String(repeating: "a", count: 160))],
                true
            ),
        ])
    func badFileSystems(_ configs: [FileSystemSettings], inVpc: Bool) {
        let message = refusal {
            $0.fileSystemConfigs = configs
            if inVpc { $0.vpcConfig = Self.vpc }
        }
        #expect(message != nil)
    }

    @Test("an S3 Files access point needs no VPC")
    func s3Files() {
        let arn =
            "arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0/access-point/fsap-0123456789abcdef0"
        #expect(refusal { $0.fileSystemConfigs = [FileSystemSettings(arn: arn, localMountPath: "/mnt/s3")] } == nil)
    }

    @Test(
        "ImageConfig: the model's limits, then refused for a .zip function unless empty",
        arguments: [
            ImageSettings(command: ["app.handler"]), ImageSettings(entryPoint: ["/bin/sh"]),
            ImageSettings(workingDirectory: "/var/task"),
            ImageSettings(command: Array(repeating: "x", count: 1501)),
        ])
    func image(_ image: ImageSettings) {
        #expect(refusal { $0.imageConfig = image } != nil)
    }
}
