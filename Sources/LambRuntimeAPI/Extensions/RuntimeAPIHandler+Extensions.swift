import Foundation
import LambCore
import NIOCore

/// The Extensions API (`/2020-01-01/extension/...`) on the environment's Runtime API server: register, `/event/next`,
/// `/init/error`, `/exit/error`.
extension RuntimeAPIHandler {
    static let extensionPrefix = "/2020-01-01/extension/"

    enum ExtensionHeader {
        static let name = "Lambda-Extension-Name"
        static let identifier = "Lambda-Extension-Identifier"
        static let eventIdentifier = "Lambda-Extension-Event-Identifier"
        static let errorType = "Lambda-Extension-Function-Error-Type"
        static let acceptFeature = "Lambda-Extension-Accept-Feature"
    }

    static let telemetryPaths: Set<String> = ["/2022-07-01/telemetry", "/2020-08-15/logs"]

    /// `PUT /2022-07-01/telemetry` (and the Logs API's `PUT /2020-08-15/logs`): a subscription of a registered
    /// extension.
    func subscribeTelemetry(context: ChannelHandlerContext, request: RuntimeAPIRequest, hub: ExtensionsHub) {
        let rejection: TelemetryRejection?
        if let name = hub.name(of: request.header(ExtensionHeader.identifier) ?? "") {
            rejection = hub.telemetry.subscribe(name: name, body: Array(request.body.readableBytesView))
        } else {
            rejection = .unknownExtension
        }
        guard let rejection else {
            RuntimeAPIResponse.write(context: context, status: 200, body: ByteBuffer(string: "\"OK\""), keepAlive: request.keepAlive)
            return
        }
        let json = FunctionErrorPayload.json(type: rejection.errorType, message: rejection.message).json
        RuntimeAPIResponse.write(
            context: context, status: rejection.status, body: ByteBuffer(string: json), keepAlive: request.keepAlive)
    }

    func routeExtension(context: ChannelHandlerContext, request: RuntimeAPIRequest, hub: ExtensionsHub) {
        let keepAlive = request.keepAlive
        let action = request.path.dropFirst(Self.extensionPrefix.count)
        switch (request.method, action) {
        case (.post, "register"):
            register(context: context, request: request, hub: hub)
        case (.get, "event/next"):
            let id = request.header(ExtensionHeader.identifier) ?? ""
            extensionNext(context: context, id: id, hub: hub, keepAlive: keepAlive)
        case (.post, "init/error"), (.post, "exit/error"):
            let id = request.header(ExtensionHeader.identifier) ?? ""
            let errorType = request.header(ExtensionHeader.errorType) ?? "Unknown"
            if let rejection = hub.reportError(id: id, errorType: errorType, exit: action == "exit/error") {
                answer(context: context, rejection, keepAlive: keepAlive)
            } else {
                RuntimeAPIResponse.write(
                    context: context, status: 202, body: ByteBuffer(string: #"{"status":"OK"}"#), keepAlive: keepAlive)
            }
        default:
            RuntimeAPIResponse.write(
                context: context, status: 404,
                body: ByteBuffer(string: FunctionErrorPayload.json(type: "Extension.NotFound", message: "Not found").json),
                keepAlive: keepAlive)
        }
    }

    private func register(context: ChannelHandlerContext, request: RuntimeAPIRequest, hub: ExtensionsHub) {
        struct Body: Decodable { var events: [String]? }
        let body = try? JSONDecoder().decode(Body.self, from: Data(request.body.readableBytesView))
        let name = request.header(ExtensionHeader.name) ?? ""
        switch hub.register(name: name, events: body?.events ?? []) {
        case .failure(let rejection):
            answer(context: context, rejection, keepAlive: request.keepAlive)
        case .success(let id):
            let info = hub.function
            var json = #"{"functionName":\#(JSONString.quoted(info.name)),"functionVersion":\#(JSONString.quoted(info.version)),"#
                + #""handler":\#(JSONString.quoted(info.handler))"#
            if request.header(ExtensionHeader.acceptFeature)?.contains("accountId") == true {
                json += #","accountId":\#(JSONString.quoted(info.accountId))"#
            }
            RuntimeAPIResponse.write(
                context: context, status: 200, headers: [(ExtensionHeader.identifier, id)],
                body: ByteBuffer(string: json + "}"), keepAlive: request.keepAlive)
        }
    }

    private func extensionNext(context: ChannelHandlerContext, id: String, hub: ExtensionsHub, keepAlive: Bool) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let write: @Sendable (ExtensionEvent) -> Void = { event in
            let send: @Sendable () -> Void = {
                RuntimeAPIResponse.write(
                    context: loopBound.value, status: 200, headers: [(ExtensionHeader.eventIdentifier, event.id)],
                    body: ByteBuffer(string: event.json), keepAlive: keepAlive)
            }
            if eventLoop.inEventLoop { send() } else { eventLoop.execute(send) }
        }
        switch hub.next(id: id, responder: write) {
        case .respond(let event): write(event)
        case .parked: break
        case .refused(let rejection): answer(context: context, rejection, keepAlive: keepAlive)
        }
    }

    private func answer(context: ChannelHandlerContext, _ rejection: ExtensionRejection, keepAlive: Bool) {
        let json = FunctionErrorPayload.json(type: rejection.errorType, message: rejection.message).json
        RuntimeAPIResponse.write(
            context: context, status: rejection.status, body: ByteBuffer(string: json), keepAlive: keepAlive)
    }
}
