import Hummingbird
import LambCore
import LambEngine
import NIOCore

/// `GET /metrics`: Prometheus's text exposition format.
extension LambdaAPI {
    func addMetricsRoute(to router: Router<BasicRequestContext>) {
        guard let metrics, let history else { return }
        router.get("/metrics") { _, _ in
            // What was recorded up to now is counted before the answer is rendered.
            try? await history.flush()
            let snapshot = LambMetrics.Snapshot(
                environments: registry.environments(function: nil),
                asyncEvents: (try? await asyncQueue.list(function: nil, limit: 100_000)) ?? [],
                mappings: eventSourceMappings?.all() ?? [], mappingLags: eventSourceMappings?.lags() ?? [:],
                accountConcurrencyLimit: engine.concurrencyLimit)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render(snapshot))))
        }
    }
}
