import Foundation

/// `AWS::Serverless::Api` and `AWS::Serverless::HttpApi`, and the implicit APIs SAM makes for events that name
/// none. Routes themselves come from the functions' `Api` / `HttpApi` events (``StackFunction/events``).
extension StackAssembler {
    static let implicitRestApi = "ServerlessRestApi"
    static let implicitHttpApi = "ServerlessHttpApi"

    mutating func addApi(_ resource: TemplateResource, implicit: Bool = false) throws(TemplateError) {
        let rest = resource.type == SAMGlobals.serverlessApi
        let properties = try resolvedProperties(of: resource)
        let stage: String
        if implicit {
            // SAM names the implicit REST API's stage Prod whatever Globals say; the implicit HTTP API's is $default.
            stage = rest ? "Prod" : "$default"
        } else if rest {
            stage = try properties.requiredString("StageName")
        } else {
            stage = try properties.string("StageName") ?? "$default"
        }
        var api = StackApi(
            kind: rest ? .rest : .http, logicalId: resource.logicalId,
            apiId: ForeignResource.madeUpId(
                stackName: resolver.pseudo.context.stackName, logicalId: resource.logicalId),
            isImplicit: implicit, stageName: stage)
        if rest {
            api.cors = try restCors(properties)
            api.binaryMediaTypes = (try properties.strings("BinaryMediaTypes") ?? []).map {
                $0.replacingOccurrences(of: "~1", with: "/")
            }
            api.stageVariables = try properties.stringMap("Variables") ?? [:]
        } else {
            api.cors = try httpCors(properties)
            api.stageVariables = try properties.stringMap("StageVariables") ?? [:]
        }
        if let auth = try properties.nested("Auth") {
            try readAuth(auth, rest: rest, into: &api)
        }
        reportProperties(properties, of: resource, except: ["Auth"])
        stack.apis.append(api)
    }

    /// SAM makes `ServerlessRestApi` when some `Api` event has no `RestApiId`, and `ServerlessHttpApi` when some
    /// `HttpApi` event has no `ApiId`; Globals apply to them as to explicit ones.
    mutating func addImplicitApis() throws(TemplateError) {
        let events = stack.functions.flatMap(\.events)
        let implicit: [(String, String, String)] = [
            ("Api", "RestApiId", Self.implicitRestApi), ("HttpApi", "ApiId", Self.implicitHttpApi),
        ]
        for (type, idProperty, logicalId) in implicit
        where events.contains(where: { $0.type == type && $0.properties[idProperty] == nil }) {
            guard !stack.apis.contains(where: { $0.logicalId == logicalId }) else { continue }
            let base = TemplateResource(
                logicalId: logicalId, type: type == "Api" ? SAMGlobals.serverlessApi : SAMGlobals.serverlessHttpApi,
                properties: [])
            try addApi(globals?.applied(to: base) ?? base, implicit: true)
        }
        checkEventApis()
    }

    /// An event naming an API that is not a SAM API of this template cannot be routed.
    private mutating func checkEventApis() {
        let ids = Set(stack.apis.map(\.apiId) + stack.apis.map(\.logicalId))
        for function in stack.functions {
            for event in function.events where event.type == "Api" || event.type == "HttpApi" {
                let key = event.type == "Api" ? "RestApiId" : "ApiId"
                guard let named = event.properties[key]?.text, !ids.contains(named) else { continue }
                note(
                    TemplateFinding(
                        logicalId: function.logicalId, path: "Properties.Events.\(event.name).Properties.\(key)",
                        treatment: .skipped,
                        detail: "names no AWS::Serverless::\(event.type) of this template; the route is not served"))
            }
        }
    }

    /// REST `Cors`: a quoted origin, or `AllowOrigin` / `AllowMethods` / `AllowHeaders` / `MaxAge` (quoted, as SAM
    /// requires) and `AllowCredentials`.
    private func restCors(_ properties: PropertyReader) throws(TemplateError) -> StackCors? {
        guard let value = properties.value("Cors"), value != .null else { return nil }
        if let origin = value.text { return StackCors(allowOrigins: [Self.unquoted(origin)]) }
        let cors = try PropertyReader(value, at: properties.location(of: "Cors"))
        guard let origin = try cors.string("AllowOrigin") else {
            throw cors.location(of: "AllowOrigin").error("is required")
        }
        func list(_ key: String) throws(TemplateError) -> [String] {
            guard let text = try cors.string(key) else { return [] }
            return Self.unquoted(text).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        var result = StackCors(
            allowOrigins: [Self.unquoted(origin)], allowMethods: try list("AllowMethods"),
            allowHeaders: try list("AllowHeaders"), allowCredentials: try cors.bool("AllowCredentials") ?? false)
        if let maxAge = try cors.string("MaxAge") {
            guard let seconds = Int(Self.unquoted(maxAge)) else {
                throw cors.location(of: "MaxAge").error("must be a number of seconds in quotes, not \(maxAge)")
            }
            result.maxAge = seconds
        }
        return result
    }

    /// HTTP `CorsConfiguration`: `true` (everything allowed), or the lists API Gateway takes.
    private func httpCors(_ properties: PropertyReader) throws(TemplateError) -> StackCors? {
        guard let value = properties.value("CorsConfiguration"), value != .null else { return nil }
        if case .bool(let on) = value {
            return on ? StackCors(allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"]) : nil
        }
        let cors = try PropertyReader(value, at: properties.location(of: "CorsConfiguration"))
        return StackCors(
            allowOrigins: try cors.strings("AllowOrigins") ?? [], allowMethods: try cors.strings("AllowMethods") ?? [],
            allowHeaders: try cors.strings("AllowHeaders") ?? [],
            exposeHeaders: try cors.strings("ExposeHeaders") ?? [],
            maxAge: try cors.int("MaxAge"), allowCredentials: try cors.bool("AllowCredentials") ?? false)
    }

    /// `'value'` → `value` (SAM's REST CORS values are header values written in single quotes).
    static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return text }
        return String(text.dropFirst().dropLast())
    }
}
