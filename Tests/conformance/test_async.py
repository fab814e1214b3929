"""Asynchronous invocation through boto3: `InvocationType=Event`, the durable queue, retries, maximum event age,
destinations and dead-letter queues (configs are in test_async_configs.py; the CLI and kill -9 in test_async_cli.py).

The module runs its own `lamb serve --async-retry-scale 0.01` (Lambda's one- and two-minute retry delays become
0.6 s and 1.2 s). Nothing here asserts a timing: everything that happens "later" is polled for.
"""

import json
import signal
import subprocess
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import LAMB_BIN, Functions, error_code, wait_for
from async_support import (  # noqa: F401 - fixtures are used by name
    ACCOUNT,
    HOLD_TIMEOUT,
    RECORDING,
    REGION,
    afunctions,
    alam,
    aserver,
    create_scripted,
    events,
    function_arn,
    invoke_event,
    lamb_cli,
    queue_arn,
    recorder,
    wait_message,
)


# The 60 s scenario (maximum event age while throttled) starts with the module, so that its wait overlaps the other
# tests; `test_a_throttled_event_older_than_its_maximum_age_goes_to_on_failure_without_running` checks it last.
AGE_QUEUE = queue_arn("aged-out")


@pytest.fixture(scope="module", autouse=True)
def aged_event(aserver, alam, recorder, gate):
    functions = Functions(alam, "a-age")
    name = create_scripted(functions, recorder, Timeout=HOLD_TIMEOUT)
    alam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=1)
    alam.put_function_event_invoke_config(
        FunctionName=name, MaximumEventAgeInSeconds=60, DestinationConfig={"OnFailure": {"Destination": AGE_QUEUE}}
    )
    key = "age-" + uuid.uuid4().hex[:8]
    hold = key + "-hold"
    # The holder takes the function's only unit of concurrency and keeps it until the gate opens.
    holder = invoke_event(alam, name, {"wait": gate.wait_url(hold), "key": key, "id": "holder"})
    wait_for(lambda: gate.count(hold) >= 1, 60, 0.05, "the holder to be running")
    aged = invoke_event(alam, name, {"key": key, "id": "aged"})
    state = {"name": name, "key": key, "hold": hold, "holder": holder, "aged": aged}
    yield state
    gate.open(hold)
    functions.cleanup()


# ---------------------------------------------------------------------------------------------------------------
# Invoke with InvocationType=Event
# ---------------------------------------------------------------------------------------------------------------


def test_one_hundred_events_are_accepted_and_each_runs_once(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    # Ten at a time: the other events are throttled, wait, and run later; none fails for it.
    alam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=10)
    key = "hundred-" + uuid.uuid4().hex[:8]
    accepted = {}
    for i in range(100):
        accepted[str(i)] = invoke_event(alam, name, {"key": key, "id": str(i)})
    assert len(set(accepted.values())) == 100

    wait_for(lambda: len(recorder.items(key)) >= 100, 180, 0.2, "100 events to run")
    seen = [item.split("/") for item in recorder.items(key)]
    assert sorted(i for i, _ in seen) == sorted(accepted), "every event ran, and none twice"
    # The function saw the request id the 202 carried.
    assert {i: r for i, r in seen} == accepted
    wait_for(lambda: not events(aserver, name), 60, 0.1, "the queue to empty")
    assert len(recorder.items(key)) == 100


def test_event_payload_limits_and_bad_input(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    with pytest.raises(ClientError) as e:
        alam.invoke(FunctionName=name, InvocationType="Event", Payload=b"x" * (1048576 + 1))
    assert error_code(e.value) == "RequestTooLargeException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    with pytest.raises(ClientError) as e:
        alam.invoke(FunctionName=name, InvocationType="Event", Payload=b"{not json")
    assert error_code(e.value) == "InvalidRequestContentException"
    with pytest.raises(ClientError) as e:
        alam.invoke(FunctionName=name + "-missing", InvocationType="Event", Payload=b"{}")
    assert error_code(e.value) == "ResourceNotFoundException"
    assert not events(aserver, name), "a refused event is not queued"

    # Exactly 1 MB is accepted; an empty body is the event {}.
    key = "limits-" + uuid.uuid4().hex[:8]
    padding = "p" * (1048576 - len(json.dumps({"key": key, "id": "big", "pad": ""})))
    big = json.dumps({"key": key, "id": "big", "pad": padding}).encode()
    assert len(big) == 1048576
    response = alam.invoke(FunctionName=name, InvocationType="Event", Payload=big)
    assert response["StatusCode"] == 202
    wait_for(lambda: recorder.items(key), 60, 0.1, "the 1 MB event to run")
    empty = alam.invoke(FunctionName=name, InvocationType="Event")
    assert empty["StatusCode"] == 202
    wait_for(lambda: recorder.items("default"), 60, 0.1, "the empty event to run as {}")


def test_a_function_failing_twice_succeeds_on_attempt_three_with_the_same_request_id(
    aserver, alam, afunctions, recorder
):
    name = create_scripted(afunctions, recorder)
    target = queue_arn("flaky-ok-" + uuid.uuid4().hex[:6])
    alam.put_function_event_invoke_config(FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": target}})
    key = "flaky-" + uuid.uuid4().hex[:8]
    request_id = invoke_event(alam, name, {"key": key, "id": "e", "modes": ["raise", "raise"]})

    message = wait_message(aserver, target, request_id)
    record = message["body"]
    assert record["requestContext"]["condition"] == "Success"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["responsePayload"] == {"attempt": 3, "id": "e"}
    assert recorder.items(key) == ["e/" + request_id] * 3, "three attempts, all with the 202's request id"


def test_timeouts_and_crashes_are_retried_like_errors(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder, Timeout=2)
    target = queue_arn("survivor-" + uuid.uuid4().hex[:6])
    alam.put_function_event_invoke_config(FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": target}})
    key = "crashy-" + uuid.uuid4().hex[:8]
    request_id = invoke_event(alam, name, {"key": key, "id": "c", "modes": ["crash", "hang"]})
    record = wait_message(aserver, target, request_id)["body"]
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert len(recorder.items(key)) == 3


def test_with_no_retries_a_failure_goes_straight_to_on_failure(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    target = queue_arn("failures-" + uuid.uuid4().hex[:6])
    alam.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": target}}
    )
    key = "once-" + uuid.uuid4().hex[:8]
    payload = {"key": key, "id": "f", "modes": ["raise"] * 5}
    request_id = invoke_event(alam, name, payload)

    message = wait_message(aserver, target, request_id)
    assert message["kind"] == "on-failure"
    assert message["condition"] == "RetriesExhausted"
    record = message["body"]
    assert record["version"] == "1.0"
    assert record["requestContext"] == {
        "requestId": request_id,
        "functionArn": function_arn(name, "$LATEST"),
        "condition": "RetriesExhausted",
        "approximateInvokeCount": 1,
    }
    assert record["requestPayload"] == payload
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"}
    assert record["responsePayload"]["errorType"] == "RuntimeError"
    assert record["responsePayload"]["errorMessage"] == "attempt 1 fails"
    assert len(recorder.items(key)) == 1, "MaximumRetryAttempts 0: the function ran once"

    failed = [e for e in events(aserver, name) if e["requestId"] == request_id]
    assert failed and failed[0]["state"] == "failed" and failed[0]["attempts"] == 1
    assert failed[0]["failureReason"] == "RetriesExhausted" and failed[0]["lastError"] == "RuntimeError"


def test_on_success_to_a_function_delivers_lambdas_record(aserver, alam, afunctions, recorder):
    key = "dest-" + uuid.uuid4().hex[:8]
    destination = afunctions.create(
        {"app.py": RECORDING}, Environment={"Variables": {"RECORDER": recorder.base, "KEY": key}}
    )
    name = create_scripted(afunctions, recorder)
    alam.put_function_event_invoke_config(
        FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": function_arn(destination)}}
    )
    payload = {"key": key + "-src", "id": "s"}
    request_id = invoke_event(alam, name, payload)

    posted = wait_for(lambda: recorder.bodies(key), 90, 0.1, "the destination function to run")
    assert len(posted) == 1
    record = posted[0]["event"]
    assert posted[0]["requestId"] != request_id, "the destination runs as its own invocation"
    assert record["version"] == "1.0"
    assert record["timestamp"].endswith("Z") and "T" in record["timestamp"]
    assert record["requestContext"] == {
        "requestId": request_id,
        "functionArn": function_arn(name, "$LATEST"),
        "condition": "Success",
        "approximateInvokeCount": 1,
    }
    assert record["requestPayload"] == payload
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}
    assert record["responsePayload"] == {"attempt": 1, "id": "s"}
    # The history tells the two apart: the source was an Event from the API, the destination's run was queued by it.
    def trigger(function, request):
        records = json.loads(aserver.get("/_lamb/v1/history?function=" + function))["invocations"]
        return next((r["trigger"] for r in records if r["requestId"] == request), None)
    assert wait_for(lambda: trigger(name, request_id), 30, 0.1, "the source in the history") == "async"
    assert wait_for(lambda: trigger(destination, posted[0]["requestId"]), 30, 0.1,
                    "the destination in the history") == "destination"


def test_on_failure_to_sqs_shows_up_in_lamb_destinations(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    target = queue_arn("cli-failures-" + uuid.uuid4().hex[:6])
    alam.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=1, DestinationConfig={"OnFailure": {"Destination": target}}
    )
    key = "cli-" + uuid.uuid4().hex[:8]
    request_id = invoke_event(alam, name, {"key": key, "id": "x", "modes": ["raise"] * 5})
    wait_message(aserver, target, request_id)

    result = lamb_cli(aserver, "destinations", target, "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [m["requestId"] for m in lines] == [request_id]
    assert lines[0]["target"] == target and lines[0]["kind"] == "on-failure"
    assert lines[0]["body"]["requestContext"]["approximateInvokeCount"] == 2
    assert lines[0]["body"]["requestContext"]["condition"] == "RetriesExhausted"

    text = lamb_cli(aserver, "destinations", target)
    assert text.returncode == 0, text.stderr
    assert target in text.stdout and request_id in text.stdout and "RetriesExhausted" in text.stdout
    assert '"approximateInvokeCount" : 2' in text.stdout

    everything = lamb_cli(aserver, "destinations", "--json")
    assert request_id in everything.stdout


def test_lamb_destinations_follow_prints_new_messages(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    target = queue_arn("followed-" + uuid.uuid4().hex[:6])
    alam.put_function_event_invoke_config(FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": target}})
    follower = subprocess.Popen(
        [LAMB_BIN, "destinations", target, "--follow", "--json", "--endpoint", aserver.endpoint],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        request_id = invoke_event(alam, name, {"key": "follow", "id": "f"})
        line = follower.stdout.readline()
        assert json.loads(line)["requestId"] == request_id
    finally:
        follower.send_signal(signal.SIGINT)
        assert follower.wait(30) == 0


def test_dead_letter_queue_gets_the_event_with_lambdas_attributes(aserver, alam, afunctions, recorder):
    dlq = queue_arn("dlq-" + uuid.uuid4().hex[:6])
    failures = "arn:aws:sns:%s:%s:failures-%s" % (REGION, ACCOUNT, uuid.uuid4().hex[:6])
    name = create_scripted(afunctions, recorder, DeadLetterConfig={"TargetArn": dlq})
    assert alam.get_function_configuration(FunctionName=name)["DeadLetterConfig"] == {"TargetArn": dlq}
    alam.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=1, DestinationConfig={"OnFailure": {"Destination": failures}}
    )
    payload = {"key": "dlq-" + uuid.uuid4().hex[:8], "id": "d", "modes": ["raise"] * 5}
    request_id = invoke_event(alam, name, payload)

    letter = wait_message(aserver, dlq, request_id)
    assert letter["kind"] == "dead-letter"
    assert letter["body"] == payload, "a dead letter is the original event only"
    assert letter["attributes"] == {"RequestID": request_id, "ErrorCode": "200", "ErrorMessage": "attempt 2 fails"}
    # The failure destination gets its record too.
    assert wait_message(aserver, failures, request_id)["body"]["requestContext"]["approximateInvokeCount"] == 2


def test_dead_letter_target_must_be_a_queue_or_topic(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    for bad in ["not-an-arn", function_arn("other")]:
        with pytest.raises(ClientError) as e:
            alam.update_function_configuration(FunctionName=name, DeadLetterConfig={"TargetArn": bad})
        assert error_code(e.value) == "InvalidParameterValueException"
    assert "DeadLetterConfig" not in alam.get_function_configuration(FunctionName=name)


def test_reserved_concurrency_zero_sends_events_to_on_failure_without_running(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    target = queue_arn("disabled-" + uuid.uuid4().hex[:6])
    alam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    alam.put_function_event_invoke_config(
        FunctionName=name, MaximumEventAgeInSeconds=60, DestinationConfig={"OnFailure": {"Destination": target}}
    )
    key = "off-" + uuid.uuid4().hex[:8]
    request_id = invoke_event(alam, name, {"key": key, "id": "z"})
    record = wait_message(aserver, target, request_id)["body"]
    assert record["requestContext"]["approximateInvokeCount"] == 0
    assert "responseContext" not in record and "responsePayload" not in record
    assert recorder.items(key) == [], "the function never ran"



# ---------------------------------------------------------------------------------------------------------------
# Maximum event age (the scenario started with the module)
# ---------------------------------------------------------------------------------------------------------------


def test_a_throttled_event_older_than_its_maximum_age_goes_to_on_failure_without_running(
    aserver, alam, recorder, gate, aged_event
):
    message = wait_message(aserver, AGE_QUEUE, aged_event["aged"], timeout=150)
    assert message["condition"] == "EventAgeExceeded"
    record = message["body"]
    assert record["requestContext"]["condition"] == "EventAgeExceeded"
    assert record["requestContext"]["approximateInvokeCount"] == 0
    assert record["requestPayload"] == {"key": aged_event["key"], "id": "aged"}
    gate.open(aged_event["hold"])
    wait_for(lambda: recorder.items(aged_event["key"]), 60, 0.1, "the holder to finish")
    assert [i.split("/")[0] for i in recorder.items(aged_event["key"])] == ["holder"], "the aged event never ran"


def test_the_deprecated_invoke_async_queues_an_event(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    key = "legacy-" + uuid.uuid4().hex[:8]
    response = alam.invoke_async(FunctionName=name, InvokeArgs=json.dumps({"key": key, "id": "old"}))
    assert response["Status"] == 202
    wait_for(lambda: recorder.items(key), 60, 0.1, "the InvokeAsync event to run")
    with pytest.raises(ClientError) as e:
        alam.invoke_async(FunctionName=name + "-missing", InvokeArgs="{}")
    assert error_code(e.value) == "ResourceNotFoundException"
