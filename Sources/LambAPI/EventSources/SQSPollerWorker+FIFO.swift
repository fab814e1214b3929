import LambAWS

extension SQSPollerWorker {
    /// A FIFO queue's polling: one receiver, whose batches run side by side (up to `cap`) as Lambda scales a FIFO
    /// mapping to its active message groups. A batch may hold several groups, as on Lambda.
    ///
    /// SQS itself keeps a group's later messages back while earlier ones are in flight, so batches received one
    /// after the other share no group. Receives are made one at a time (concurrent long polls race the group lock of
    /// some emulators, moto's among them), and a batch that does share a group with one in flight waits for it
    /// before it is invoked, so a group's order holds whatever the endpoint does. While batches are in flight the
    /// receiver polls every second instead of waiting 20 s: a long poll made while every group was locked need not
    /// return when one is unlocked (moto's does not), and the groups just finished would wait for it.
    func runFIFO(cap: Int) async {
        await withTaskGroup(of: Set<String>.self) { running in
            var busyGroups: [String: Int] = [:]
            var inFlight = 0
            func ended(_ groups: Set<String>?) {
                guard let groups else { return }
                inFlight -= 1
                for group in groups {
                    busyGroups[group, default: 1] -= 1
                    if busyGroups[group] == 0 { busyGroups[group] = nil }
                }
            }
            var backoff = Backoff()
            while !Task.isCancelled {
                if inFlight >= cap {
                    ended(await running.next())
                    continue
                }
                let batch: [SQSMessage]
                do {
                    batch = try await collectBatch(firstWaitSeconds: inFlight > 0 ? 1 : SQSBatchPlan.longPollSeconds)
                    backoff.reset()
                } catch {
                    if Task.isCancelled { break }
                    await poller.report(problem: error)
                    guard await backoff.wait() else { break }
                    continue
                }
                if batch.isEmpty { continue }
                let groups = Set(batch.compactMap(\.messageGroupId))
                while busyGroups.keys.contains(where: groups.contains), let finished = await running.next() {
                    ended(finished)
                }
                inFlight += 1
                for group in groups { busyGroups[group, default: 0] += 1 }
                running.addTask {
                    // A throttled batch stays in flight until its visibility timeout; the pause keeps this slot
                    // from receiving again at once.
                    if await process(batch) { try? await Task.sleep(for: .seconds(1)) }
                    return groups
                }
            }
            running.cancelAll()
        }
    }
}
