import Foundation
import Hummingbird
import LambCore
import NIOCore

/// A sample event of an AWS service (`lamb generate-event`'s set), for the dashboard's invoke form.
public struct EventTemplate: Sendable, Equatable {
    /// `sqs receive-message`, as `lamb generate-event` names it.
    public var name: String
    public var description: String
    /// The event as JSON text.
    public var event: String

    public init(name: String, description: String, event: String) {
        self.name = name
        self.description = description
        self.event = event
    }
}

/// `GET /_lamb/v1/event-templates`: `{"templates": [{"name", "description", "event"}]}`, the event as JSON.
extension LambdaAPI {
    func addEventTemplateRoutes(to router: Router<BasicRequestContext>) {
        let templates = eventTemplates
        router.get("/_lamb/v1/event-templates") { _, _ in
            let items: [[String: Any]] = templates.map { template in
                [
                    "name": template.name, "description": template.description,
                    "event": (try? JSONSerialization.jsonObject(with: Data(template.event.utf8))) ?? template.event,
                ]
            }
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: ["templates": items], options: [.withoutEscapingSlashes, .sortedKeys])) ?? Data()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
