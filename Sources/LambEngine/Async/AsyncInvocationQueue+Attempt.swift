import Foundation
import LambCore
import Logging
import NIOCore

/// One attempt of one event, and what follows from its outcome: success (to the OnSuccess destination), a function
/// error (retry, or fail to the OnFailure destination and the dead-letter queue), or a throttle (back off).
extension AsyncInvocationQueue {
    func attempt(_ entry: AsyncEventSchedule.Entry) async {
        defer { wake.signal() }
        let event = entry.event
        guard let definition = resolve(event.function, event.qualifier) else {
            await discardForMissingFunction(event)
            return
        }
        let config: EventInvokeConfig
        let payload: Data
        do {
            config =
                try await store.eventInvokeConfig(function: event.function, qualifier: event.qualifier) ?? .defaults
            guard let stored = try await store.eventPayload(event.requestId) else {
                // The row is gone from under the schedule; nothing is left to run.
                schedule.remove(event.requestId)
                return
            }
            payload = stored
        } catch {
            logger.error(
                "could not read an async event", metadata: ["request.id": "\(event.requestId)", "error": "\(error)"])
            backOff(event, lastError: "ServiceException: \(error)", config: .defaults, lastResult: entry.lastResult)
            return
        }
        if policy.isExpired(event, config, now: now()) {
            await fail(event, .eventAgeExceeded, config, definition, payload, result: entry.lastResult)
            return
        }
        if RecursionLineage.exceedsLimit(event.traceId, function: event.function), !allowsRecursion(event.function) {
            logger.warning(
                "recursive loop detected: invocation stopped",
                metadata: [
                    "function.name": "\(event.function)", "request.id": "\(event.requestId)",
                    "invocations": "\(RecursionLineage.count(in: event.traceId, function: event.function))",
                ])
            var stopped = event
            stopped.lastError = "RecursiveInvocationException"
            await fail(stopped, .recursiveInvocation, config, definition, payload, result: entry.lastResult)
            return
        }
        let request = InvocationRequest(
            requestId: event.requestId, payload: ByteBuffer(bytes: payload),
            invokedFunctionArn: event.invokedFunctionArn,
            traceId: RecursionLineage.invoking(event.traceId, function: event.function),
            trigger: event.attempts == 0 ? event.origin.firstAttemptTrigger : .asyncRetry)
        let response: InvocationResponse
        do {
            response = try await engine.invoke(definition, request)
        } catch {
            await refused(error, event, config, definition, payload, lastResult: entry.lastResult)
            return
        }
        schedule.slotFreed(function: event.function, now: now())
        await ran(event, response, config, definition, payload)
    }

    /// The function ran: it succeeded, or failed and is retried or given up on.
    private func ran(
        _ event: AsyncEvent, _ response: InvocationResponse, _ config: EventInvokeConfig,
        _ definition: FunctionDefinition, _ payload: Data
    ) async {
        var event = event
        event.attempts += 1
        let result = AsyncAttemptResult(
            statusCode: 200, executedVersion: response.executedVersion, functionError: response.functionError,
            payload: Data(response.payload.readableBytesView))
        guard response.functionError != nil else {
            var messages: [DestinationMessage] = []
            var followUps: [AsyncEventSubmission] = []
            if let target = config.onSuccess {
                deliver(
                    to: target, kind: .onSuccess, .success, event, payload, result, &messages, &followUps)
            }
            await finish(event, original: event, messages, followUps)
            return
        }
        event.lastError = response.errorType ?? "Function.Unknown"
        switch policy.afterFunctionError(event, config, now: now()) {
        case .retry(let at):
            event.state = .retrying
            event.nextAttemptAt = at
            do {
                try await store.updateEvent(event)
            } catch {
                // The stored row still says what it said before this attempt; the event runs again either way.
                logger.error(
                    "could not record an async attempt",
                    metadata: ["request.id": "\(event.requestId)", "error": "\(error)"])
            }
            schedule.reschedule(event, due: at, throttled: false, lastResult: result)
            logger.debug(
                "async event will be retried",
                metadata: ["request.id": "\(event.requestId)", "attempts": "\(event.attempts)", "at": "\(at)"])
        case .fail(let condition):
            await fail(event, condition, config, definition, payload, result: result)
        }
    }

    /// The engine refused the invocation (a throttle, or Lamb could not start an environment): the event waits and
    /// tries again with a backoff until its maximum age, except that a function with reserved concurrency 0 sends
    /// its events to the failure destination at once, as Lambda does.
    private func refused(
        _ error: LambError, _ event: AsyncEvent, _ config: EventInvokeConfig, _ definition: FunctionDefinition,
        _ payload: Data, lastResult: AsyncAttemptResult?
    ) async {
        var event = event
        guard case .tooManyRequests(let reason, _) = error.code else {
            backOff(
                event, lastError: "\(error.code.awsShape.type): \(error.message)", config: config,
                lastResult: lastResult)
            return
        }
        event.lastError = "TooManyRequestsException: \(reason.rawValue)"
        if reason == .reservedFunctionConcurrentInvocationLimitExceeded,
            engine.reservedConcurrency(event.function) == 0
        {
            await fail(event, .retriesExhausted, config, definition, payload, result: lastResult)
            return
        }
        backOff(event, lastError: event.lastError!, config: config, lastResult: lastResult)
    }

    /// Puts a refused event back with the throttle backoff (in memory only: after a restart it is simply due).
    private func backOff(
        _ event: AsyncEvent, lastError: String, config: EventInvokeConfig, lastResult: AsyncAttemptResult?
    ) {
        var event = event
        event.lastError = lastError
        let consecutive = schedule.throttlesAfterThis(event.requestId)
        switch policy.afterThrottle(event, consecutive: consecutive, config, now: now()) {
        case .retry(let at):
            schedule.reschedule(event, due: at, throttled: true)
        case .fail:
            // Expired: the next dispatch sends it to the failure destination with everything it needs.
            schedule.reschedule(event, due: now(), throttled: true)
        }
    }

    /// Gives up on an event: the OnFailure destination gets Lambda's record, the dead-letter queue the event.
    private func fail(
        _ event: AsyncEvent, _ condition: AsyncCondition, _ config: EventInvokeConfig,
        _ definition: FunctionDefinition, _ payload: Data, result: AsyncAttemptResult?
    ) async {
        var failed = event
        let at = now()
        failed.state = .failed
        failed.failureReason = condition.rawValue
        failed.finishedAt = at
        failed.nextAttemptAt = at
        var messages: [DestinationMessage] = []
        var followUps: [AsyncEventSubmission] = []
        if let target = config.onFailure {
            deliver(to: target, kind: .onFailure, condition, failed, payload, result, &messages, &followUps)
        }
        if let target = definition.settings.deadLetterTargetArn {
            let throttled = failed.lastError?.hasPrefix("TooManyRequestsException") ?? false
            let code = result?.statusCode ?? (throttled ? 429 : 500)
            let message =
                result.flatMap { AsyncInvocationRecord.errorMessage(in: $0.payload) }
                ?? (throttled ? "Rate Exceeded." : failed.lastError ?? condition.rawValue)
            messages.append(
                DestinationMessage(
                    target: target, kind: .deadLetter, timestamp: at, function: failed.function,
                    requestId: failed.requestId, condition: condition.rawValue, body: payload,
                    attributes: AsyncInvocationRecord.deadLetterAttributes(
                        requestId: failed.requestId, errorCode: code, errorMessage: message)))
        }
        await finish(failed, original: event, messages, followUps)
        logger.notice(
            "async event failed",
            metadata: [
                "function.name": "\(failed.function)", "request.id": "\(failed.requestId)",
                "condition": "\(condition.rawValue)", "attempts": "\(failed.attempts)",
            ])
    }

    /// The event's function was deleted: nothing can run it, and its configs went with it.
    private func discardForMissingFunction(_ event: AsyncEvent) async {
        var failed = event
        failed.state = .failed
        failed.failureReason = "FunctionNotFound"
        failed.lastError = "ResourceNotFoundException: Function not found: \(account.functionArn(event.function))"
        failed.finishedAt = now()
        await finish(failed, original: event, [], [])
    }

    /// Lambda's record for `target`: another function gets it as a new asynchronous invocation; any other target is
    /// a message in the local sink.
    private func deliver(
        to target: String, kind: DestinationMessage.Kind, _ condition: AsyncCondition, _ event: AsyncEvent,
        _ payload: Data, _ result: AsyncAttemptResult?, _ messages: inout [DestinationMessage],
        _ followUps: inout [AsyncEventSubmission]
    ) {
        let at = now()
        let record = AsyncInvocationRecord.json(
            requestId: event.requestId, functionArn: account.functionArn(event.function, qualifier: event.qualifier),
            condition: condition, approximateInvokeCount: event.attempts, requestPayload: payload, response: result,
            timestamp: at)
        switch DestinationTarget.parse(target) {
        case .function(let reference):
            // The record continues the chain the event belongs to: a loop through destinations is counted too.
            let next = AsyncEvent(
                requestId: Identifiers.requestId(), function: reference.name,
                qualifier: reference.qualifier ?? FunctionDefinition.latest, invokedFunctionArn: target,
                traceId: RecursionLineage.invoking(event.traceId, function: event.function), enqueuedAt: at,
                origin: .destination)
            followUps.append(AsyncEventSubmission(event: next, payload: record))
        case .sink(let service):
            messages.append(
                DestinationMessage(
                    target: target, kind: kind, timestamp: at, function: event.function, requestId: event.requestId,
                    condition: condition.rawValue, body: record,
                    attributes: service == .eventBridge
                        ? AsyncInvocationRecord.eventBridgeAttributes(success: condition == .success) : [:]))
        case nil:
            logger.warning("destination is not one Lamb can deliver to", metadata: ["target": "\(target)"])
        }
    }

    /// Ends an event in the store (with its messages and follow-ups, in one transaction), then in the schedule.
    private func finish(
        _ event: AsyncEvent, original: AsyncEvent, _ messages: [DestinationMessage],
        _ followUps: [AsyncEventSubmission]
    ) async {
        do {
            try await store.finishEvent(event, messages: messages, followUps: followUps)
        } catch {
            // Still stored as before: it will run again (at-least-once) after a backoff.
            logger.error(
                "could not record the end of an async event",
                metadata: ["request.id": "\(event.requestId)", "error": "\(error)"])
            schedule.reschedule(
                original, due: now().addingTimeInterval(policy.backoff(consecutive: 1)), throttled: true)
            return
        }
        schedule.remove(event.requestId)
        for submission in followUps { schedule.add(submission.event, due: submission.event.nextAttemptAt) }
    }
}
