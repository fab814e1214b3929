import Foundation
import LambCore

/// `Cors` as the API spells it, both ways; members left out stay out.
struct FunctionURLCorsJSON: Codable {
    var AllowCredentials: Bool?
    var AllowHeaders: [String]?
    var AllowMethods: [String]?
    var AllowOrigins: [String]?
    var ExposeHeaders: [String]?
    var MaxAge: Int?

    init(_ cors: FunctionURLCors) {
        AllowCredentials = cors.allowCredentials
        AllowHeaders = cors.allowHeaders
        AllowMethods = cors.allowMethods
        AllowOrigins = cors.allowOrigins
        ExposeHeaders = cors.exposeHeaders
        MaxAge = cors.maxAge
    }

    var cors: FunctionURLCors {
        FunctionURLCors(
            allowCredentials: AllowCredentials, allowHeaders: AllowHeaders, allowMethods: AllowMethods,
            allowOrigins: AllowOrigins, exposeHeaders: ExposeHeaders, maxAge: MaxAge)
    }
}

/// The body of CreateFunctionUrlConfig and UpdateFunctionUrlConfig.
struct FunctionURLRequestJSON: Decodable {
    var AuthType: String?
    var Cors: FunctionURLCorsJSON?
    var InvokeMode: String?

    var change: FunctionURLChange {
        FunctionURLChange(authType: AuthType, cors: Cors?.cors, invokeMode: InvokeMode)
    }
}

/// `FunctionUrlConfig` and the answers of Create/Get/UpdateFunctionUrlConfig: times as ISO 8601 strings, the ARN
/// unqualified for `$LATEST`. CreateFunctionUrlConfig's answer has no `LastModifiedTime` in the model.
struct FunctionURLConfigJSON: Encodable {
    var FunctionUrl: String
    var FunctionArn: String
    var AuthType: String
    var Cors: FunctionURLCorsJSON?
    var CreationTime: String
    var LastModifiedTime: String?
    var InvokeMode: String

    init(_ config: FunctionURLConfig, url: String, functionArn: String, includeLastModified: Bool = true) {
        FunctionUrl = url
        FunctionArn = functionArn
        AuthType = config.authType.rawValue
        Cors = config.cors.map(FunctionURLCorsJSON.init)
        CreationTime = LambdaTimestamp.iso8601(config.creationTime)
        LastModifiedTime = includeLastModified ? LambdaTimestamp.iso8601(config.lastModifiedTime) : nil
        InvokeMode = config.invokeMode.rawValue
    }
}

/// The answer of ListFunctionUrlConfigs.
struct FunctionURLListJSON: Encodable {
    var FunctionUrlConfigs: [FunctionURLConfigJSON]
    var NextMarker: String?
}
