"""Asynchronous invocation from the command line (`lamb invoke --invocation-type Event`, `lamb events`) and crash
safety: a `kill -9` of `lamb serve` with 200 queued events loses none of them, and SIGTERM stops cleanly."""

import json
import signal
import uuid

from conftest import Functions, wait_for
from async_support import (  # noqa: F401 - fixtures are used by name
    HOLD_TIMEOUT,
    afunctions,
    alam,
    aserver,
    create_scripted,
    events,
    invoke_event,
    lamb_cli,
    recorder,
)


def test_lamb_invoke_event_and_lamb_events(aserver, alam, afunctions, recorder, gate):
    name = create_scripted(afunctions, recorder, Timeout=HOLD_TIMEOUT)
    alam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=1)
    hold = "cli-hold-" + uuid.uuid4().hex[:8]
    key = "cli-events-" + uuid.uuid4().hex[:8]
    held_payload = json.dumps({"wait": gate.wait_url(hold), "key": key})
    first = lamb_cli(aserver, "invoke", name, "--invocation-type", "Event", "--payload", held_payload)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    held = first.stderr.strip().rsplit(" ", 1)[1]
    wait_for(lambda: gate.count(hold) >= 1, 60, 0.05, "the first event to run")
    second = lamb_cli(aserver, "invoke", name, "--invocation-type", "Event", "--payload", json.dumps({"key": key}))
    assert second.returncode == 0, second.stderr
    waiting = second.stderr.strip().rsplit(" ", 1)[1]

    def listed():
        result = lamb_cli(aserver, "events", name, "--json")
        assert result.returncode == 0, result.stderr
        states = {e["requestId"]: e for e in json.loads(result.stdout)["events"]}
        throttled = "ReservedFunctionConcurrentInvocationLimitExceeded" in (states[waiting]["lastError"] or "")
        return states if throttled else None

    try:
        states = wait_for(listed, 60, 0.1, "the second event to be throttled")
        assert states[held]["state"] == "in-flight"
        # Throttled, it waits queued, and is briefly in flight each time it tries again (every second or so);
        # only a queued event has a next attempt scheduled.
        assert states[waiting]["state"] in ("queued", "in-flight")
        assert states[waiting]["attempts"] == 0
        if states[waiting]["state"] == "queued":
            assert states[waiting]["nextAttemptAt"]
        table = lamb_cli(aserver, "events", name)
        assert table.returncode == 0
        header = ["REQUEST", "ID", "FUNCTION", "STATE", "ATTEMPTS", "AGE", "NEXT", "TRY", "LAST", "ERROR"]
        assert table.stdout.splitlines()[0].split() == header
        assert held in table.stdout and "in-flight" in table.stdout
    finally:
        # A held event left in flight would keep the module's server from stopping in time.
        gate.open(hold)
    wait_for(lambda: len(recorder.items(key)) >= 2, 60, 0.1, "both events to run")
    wait_for(lambda: not events(aserver, name), 60, 0.1, "the queue to empty")

    missing = lamb_cli(aserver, "events", name + "-missing")
    assert missing.returncode == 2 and "ResourceNotFoundException" in missing.stderr


# ---------------------------------------------------------------------------------------------------------------
# Crash safety
# ---------------------------------------------------------------------------------------------------------------


def test_kill_9_with_200_queued_events_loses_none(lamb_servers, recorder, gate):
    server = lamb_servers.start("--async-retry-scale", "0.01", name="async-kill")
    client = server.client()
    functions = Functions(client, "a-kill")
    name = create_scripted(functions, recorder, Timeout=HOLD_TIMEOUT)
    client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=1)
    hold = "kill-hold-" + uuid.uuid4().hex[:8]
    key = "kill-" + uuid.uuid4().hex[:8]
    accepted = {}
    for i in range(200):
        accepted[str(i)] = invoke_event(client, name, {"wait": gate.wait_url(hold), "key": key, "id": str(i)})
    wait_for(lambda: gate.count(hold) >= 1, 60, 0.05, "an event to be in flight")
    queued = events(server, name)
    assert len(queued) == 200
    assert {e["state"] for e in queued} <= {"queued", "in-flight"}

    assert server.stop(signal.SIGKILL) == -signal.SIGKILL
    restarted = lamb_servers.start("--async-retry-scale", "0.01", data_dir=server.data_dir, name="async-kill")
    assert len(events(restarted, name)) == 200, "every acknowledged event is still queued after the crash"
    gate.open(hold)

    wait_for(lambda: len({i.split("/")[0] for i in recorder.items(key)}) >= 200, 240, 0.2, "all 200 events to run")
    ran = [item.split("/") for item in recorder.items(key)]
    assert {i for i, _ in ran} == set(accepted)
    assert all(accepted[i] == r for i, r in ran), "each event kept its request id across the restart"
    wait_for(lambda: not events(restarted, name), 60, 0.1, "the queue to empty")
    restarted.client().delete_function(FunctionName=name)


def test_sigterm_finishes_the_attempt_in_flight_and_keeps_the_queue(lamb_servers, recorder, gate):
    server = lamb_servers.start("--async-retry-scale", "0.01", name="async-term")
    client = server.client()
    name = create_scripted(Functions(client, "a-term"), recorder, Timeout=HOLD_TIMEOUT)
    client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=1)
    hold = "term-hold-" + uuid.uuid4().hex[:8]
    key = "term-" + uuid.uuid4().hex[:8]
    first = invoke_event(client, name, {"wait": gate.wait_url(hold), "key": key, "id": "first"})
    wait_for(lambda: gate.count(hold) >= 1, 60, 0.05, "the first event to be in flight")
    second = invoke_event(client, name, {"key": key, "id": "second"})

    server.proc.send_signal(signal.SIGTERM)
    # Lamb waits for the attempt in flight (held on the gate), as it waits for synchronous invocations in flight.
    assert server.proc.poll() is None
    gate.open(hold)
    assert server.proc.wait(60) == 0
    # The queued event either ran in the moment between the signal and the queue stopping, or waits in SQLite for
    # the next start; either way it runs once, and the finished attempt is not run again.
    assert [i.split("/")[0] for i in recorder.items(key)][:1] == ["first"]

    restarted = lamb_servers.start("--async-retry-scale", "0.01", data_dir=server.data_dir, name="async-term")
    wait_for(lambda: len(recorder.items(key)) >= 2, 60, 0.1, "the queued event to run")
    ran = [i.split("/") for i in recorder.items(key)]
    assert ran == [["first", first], ["second", second]], "the finished attempt was recorded and not run again"
    wait_for(lambda: not events(restarted, name), 60, 0.1, "the queue to empty")
    restarted.client().delete_function(FunctionName=name)
