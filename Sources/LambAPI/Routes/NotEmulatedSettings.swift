import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambEngine

/// The settings of a function version that Lamb stores and echoes but does not act on, each with what happens
/// instead: answered with GetFunction and GetFunctionConfiguration in `X-Lamb-Not-Emulated` (a header, so the body
/// stays Lambda's), which `lamb function get` prints.
public enum NotEmulatedSettings {
    public static let headerName = "X-Lamb-Not-Emulated"
    static let header = HTTPField.Name(headerName)!

    static func notes(
        _ settings: FunctionSettings, fileSystems: [String: String], codeSigningConfig: String?,
        hostArchitecture: String = NotEmulatedSettings.hostArchitecture
    ) -> [String] {
        var notes: [String] = []
        if settings.vpcConfig != nil { notes.append("VpcConfig: the function uses the host's network") }
        if settings.kmsKeyArn != nil { notes.append("KMSKeyArn: environment variables are not encrypted") }
        for arn in FileSystemMappings.unmapped(settings.fileSystemConfigs, in: fileSystems) {
            notes.append("FileSystemConfigs: \(arn) is not mounted (no --efs-map for it)")
        }
        if let architecture = settings.architectures.first, architecture != hostArchitecture {
            notes.append("Architectures: \(architecture) runs on the host's \(hostArchitecture)")
        }
        if settings.tracingMode == "Active" {
            notes.append("TracingConfig: Active sends no X-Ray segments (spans go to --otel-endpoint when set)")
        }
        if let codeSigningConfig {
            notes.append("CodeSigningConfig: \(codeSigningConfig) is stored; signatures are not verified")
        }
        return notes
    }

    /// Lambda's name for the machine Lamb runs on.
    static let hostArchitecture: String = {
        #if arch(arm64)
            "arm64"
        #else
            "x86_64"
        #endif
    }()
}

extension LambdaAPI {
    /// `response` with the version's not-emulated settings in ``NotEmulatedSettings/header`` (none: unchanged).
    func notingUnemulated(_ response: Response, _ definition: FunctionDefinition) async -> Response {
        let codeSigning = try? await registry.codeSigningConfigId(function: definition.name)
        let notes = NotEmulatedSettings.notes(
            definition.settings, fileSystems: engine.fileSystems, codeSigningConfig: codeSigning ?? nil)
        guard !notes.isEmpty else { return response }
        var response = response
        response.headers[NotEmulatedSettings.header] = notes.joined(separator: " | ")
        return response
    }
}
