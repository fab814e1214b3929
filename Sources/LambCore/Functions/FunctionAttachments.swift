import Foundation

/// `VpcConfig`: the subnets and security groups a function's network interfaces would use. Lamb checks and keeps
/// them (and shows them back) but functions keep the host's network.
public struct VpcSettings: Codable, Sendable, Equatable {
    public var subnetIds: [String]
    public var securityGroupIds: [String]
    public var ipv6AllowedForDualStack: Bool?

    public init(subnetIds: [String], securityGroupIds: [String], ipv6AllowedForDualStack: Bool? = nil) {
        self.subnetIds = subnetIds
        self.securityGroupIds = securityGroupIds
        self.ipv6AllowedForDualStack = ipv6AllowedForDualStack
    }

    /// No subnet and no security group: the function is not in a VPC (how an update detaches it).
    public var isEmpty: Bool { subnetIds.isEmpty && securityGroupIds.isEmpty }

    /// Lambda reports the VPC the subnets belong to; Lamb has no EC2 to ask, so it makes up a stable id from them.
    public var madeUpVpcId: String {
        "vpc-" + SHA256.hash(Data(subnetIds.sorted().joined(separator: ",").utf8)).hexString.prefix(17)
    }
}

/// One of `FileSystemConfigs`: an EFS (or S3 Files) access point and where it would be mounted. Lamb checks and keeps
/// it; nothing is mounted.
public struct FileSystemSettings: Codable, Sendable, Equatable {
    public var arn: String
    public var localMountPath: String

    public init(arn: String, localMountPath: String) {
        self.arn = arn
        self.localMountPath = localMountPath
    }
}

/// `ImageConfig`: overrides of a container image's entry point, command and working directory. Only image functions
/// take it; on a .zip function it is checked and then refused unless empty.
public struct ImageSettings: Codable, Sendable, Equatable {
    public var entryPoint: [String]?
    public var command: [String]?
    public var workingDirectory: String?

    public init(entryPoint: [String]? = nil, command: [String]? = nil, workingDirectory: String? = nil) {
        self.entryPoint = entryPoint
        self.command = command
        self.workingDirectory = workingDirectory
    }

    public var isEmpty: Bool {
        (entryPoint ?? []).isEmpty && (command ?? []).isEmpty && (workingDirectory ?? "").isEmpty
    }
}
