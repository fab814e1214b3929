import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import NIOCore

/// The dashboard (`docs/dashboard.md`): the page at `/_lamb/`, its script and style sheet under `/_lamb/assets/`,
/// and the live stream it reads (`/_lamb/v1/stream`). Everything else it shows comes from the existing endpoints.
/// Reached like every `/_lamb/v1` endpoint: open by default, signed under `--auth sigv4` (which a browser cannot do).
extension LambdaAPI {
    func addDashboardRoutes(to router: Router<BasicRequestContext>) {
        // The router matches `/_lamb` and `/_lamb/` alike; the page names its assets by absolute paths.
        router.get("/_lamb") { request, _ in
            DashboardAssets.page.response(to: request)
        }
        router.get("/_lamb/assets/:file") { request, context in
            guard let asset = DashboardAssets.named[context.parameters.get("file") ?? ""] else {
                return Response(
                    status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "Not found.\n")))
            }
            return asset.response(to: request)
        }
        // `?after=ID` (or `Last-Event-ID`): history records after that one; without either, the newest 200 first.
        router.get("/_lamb/v1/stream") { request, _ in
            let lastEventId = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0) }
            let after = lastEventId ?? request.uri.queryParameters.get("after").flatMap { Int64($0) }
            let stream = DashboardStream(api: self, after: after)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
                    HTTPField.Name("X-Accel-Buffering")!: "no",
                ],
                body: ResponseBody { writer in
                    try await stream.run(into: &writer)
                    try await writer.finish(nil)
                })
        }
    }
}

/// One embedded file of the dashboard: its bytes, type, and an ETag from its content.
struct DashboardAsset: Sendable {
    let body: String
    let contentType: String
    let cacheControl: String
    let eTag: String

    init(_ body: String, contentType: String, cacheControl: String) {
        self.body = body
        self.contentType = contentType
        self.cacheControl = cacheControl
        eTag = "\"" + String(SHA256.hash(Array(body.utf8)).hexString.prefix(16)) + "\""
    }

    /// The version in asset URLs: a new build's page asks for new URLs, so assets may be cached for good.
    var version: String { String(eTag.dropFirst().prefix(12)) }

    func response(to request: Request) -> Response {
        var headers: HTTPFields = [
            .contentType: contentType, .cacheControl: cacheControl, .eTag: eTag, .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: DashboardAssets.contentSecurityPolicy,
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == eTag || $0.trimmingCharacters(in: .whitespaces) == "*"
            })
        {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers, body: ResponseBody())
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

enum DashboardAssets {
    /// Scripts, styles and connections from Lamb only; no frames, no plugins.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
        + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static let script = DashboardAsset(
        DashboardScript.source, contentType: "text/javascript; charset=utf-8",
        cacheControl: "public, max-age=31536000, immutable")
    static let style = DashboardAsset(
        DashboardStyle.source, contentType: "text/css; charset=utf-8",
        cacheControl: "public, max-age=31536000, immutable")
    static let icon = DashboardAsset(
        DashboardPage.icon, contentType: "image/svg+xml", cacheControl: "public, max-age=31536000, immutable")
    /// The page names each asset with its version (`?v=`); the page itself is checked on every load.
    static let page = DashboardAsset(
        DashboardPage.html(
            script: "/_lamb/assets/app.js?v=\(script.version)",
            style: "/_lamb/assets/app.css?v=\(style.version)", icon: "/_lamb/assets/icon.svg?v=\(icon.version)"),
        contentType: "text/html; charset=utf-8", cacheControl: "no-cache")

    static let named: [String: DashboardAsset] = ["app.js": script, "app.css": style, "icon.svg": icon]
}
