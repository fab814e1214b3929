import ServiceLifecycle

/// Runs the mappings' pollers while Lamb serves. Listed after the engine's service, so it stops first: pollers are
/// cancelled, and a batch whose function had not returned is not deleted (it comes back after the visibility
/// timeout, as after a crash).
struct EventSourceMappingService: Service {
    let mappings: EventSourceMappings

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await mappings.run() }
            try? await gracefulShutdown()
            mappings.stop()
        }
    }
}
