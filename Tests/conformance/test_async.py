"""Asynchronous invocation through boto3: `InvocationType=Event`, the durable queue, retries, maximum event age,
event invoke configs, destinations, dead-letter queues, `lamb events` and `lamb destinations`, and a kill -9.

The module runs its own `lamb serve --async-retry-scale 0.01` (Lambda's one- and two-minute retry delays become
0.6 s and 1.2 s). Functions run in a sandbox that sees none of the test's files, so they report what they do to a
loopback HTTP recorder (below). Nothing here asserts a timing: everything that happens "later" is polled for.
"""

import http.server
import json
import os
import signal
import subprocess
import threading
import time
import urllib.parse
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import LAMB_BIN, LambServer, Functions, error_code, wait_for

ACCOUNT = "000000000000"
REGION = "us-east-1"


def queue_arn(name):
    return "arn:aws:sqs:%s:%s:%s" % (REGION, ACCOUNT, name)


def function_arn(name, qualifier=None):
    arn = "arn:aws:lambda:%s:%s:function:%s" % (REGION, ACCOUNT, name)
    return arn + ":" + qualifier if qualifier else arn


# ---------------------------------------------------------------------------------------------------------------
# A recorder functions report to over loopback
# ---------------------------------------------------------------------------------------------------------------


class Recorder(object):
    """`GET /hit/<key>/<item>` appends `item` under `key` and answers how many hits `key` has now;
    `POST /post/<key>` keeps the JSON body under `key`."""

    def __init__(self):
        self.lock = threading.Lock()
        self.hits = {}
        self.posts = {}
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                parts = self.path.strip("/").split("/", 2)
                with recorder.lock:
                    items = recorder.hits.setdefault(parts[1], [])
                    items.append(parts[2] if len(parts) > 2 else "")
                    body = str(len(items)).encode()
                self._answer(body)

            def do_POST(self):
                key = self.path.strip("/").split("/", 1)[1]
                data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with recorder.lock:
                    recorder.posts.setdefault(key, []).append(json.loads(data))
                self._answer(b"ok")

            def _answer(self, body):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def items(self, key):
        with self.lock:
            return list(self.hits.get(key, []))

    def bodies(self, key):
        with self.lock:
            return list(self.posts.get(key, []))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# A function driven by its event: it may first block on a gate URL (`wait`), then reports `<id>/<request id>` under
# `key` and behaves as `modes[n-1]` says on its n-th hit of that key: raise, crash, hang (past its timeout) or ok.
SCRIPTED = """
import json, os, time, urllib.request
RECORDER = os.environ["RECORDER"]

def handler(event, context):
    if event.get("wait"):
        urllib.request.urlopen(event["wait"], timeout=150).read()
    item = "%s/%s" % (event.get("id", "-"), context.aws_request_id)
    url = "%s/hit/%s/%s" % (RECORDER, event.get("key", "default"), item)
    n = int(urllib.request.urlopen(url, timeout=30).read())
    modes = event.get("modes", [])
    mode = modes[n - 1] if n <= len(modes) else "ok"
    if mode == "raise":
        raise RuntimeError("attempt %d fails" % n)
    if mode == "crash":
        os._exit(3)
    if mode == "hang":
        time.sleep(30)
    return {"attempt": n, "id": event.get("id")}
"""

# A destination function: it posts the record it receives (and its own request id) to the recorder.
RECORDING = """
import json, os, urllib.request
RECORDER = os.environ["RECORDER"]

def handler(event, context):
    body = json.dumps({"event": event, "requestId": context.aws_request_id}).encode()
    request = urllib.request.Request("%s/post/%s" % (RECORDER, os.environ["KEY"]), data=body, method="POST")
    urllib.request.urlopen(request, timeout=30).read()
    return {"recorded": True}
"""


# ---------------------------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recorder():
    r = Recorder()
    yield r
    r.close()


@pytest.fixture(scope="module")
def aserver(lamb_root):
    """This module's server: Lambda's retry schedule at 1/100."""
    server = LambServer(os.path.join(lamb_root, "async-data"), ["--async-retry-scale", "0.01"], name="async").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def alam(aserver):
    return aserver.client()


@pytest.fixture
def afunctions(alam, request):
    f = Functions(alam, request.node.name.replace("test_", "a-").replace("_", "-")[:30])
    yield f
    f.cleanup()


# Functions that wait on a gate outlive the gate's own two-minute limit, so they never time out while held.
HOLD_TIMEOUT = 150


def create_scripted(functions, recorder, **settings):
    env = {"Variables": {"RECORDER": recorder.base}}
    return functions.create({"app.py": SCRIPTED}, Environment=env, **settings)


def invoke_event(client, name, payload, **kwargs):
    """An `Event` invoke: asserts Lambda's 202 with an empty body and returns the request id."""
    response = client.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(payload).encode(), **kwargs)
    assert response["StatusCode"] == 202
    assert response["Payload"].read() == b""
    request_id = response["ResponseMetadata"]["RequestId"]
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] == request_id
    return request_id


def sink(server, target=None):
    """Every message of the local sinks (of one target)."""
    query = "?limit=10000" + ("&target=" + urllib.parse.quote(target, safe="") if target else "")
    return json.loads(server.get("/_lamb/v1/destinations" + query))["messages"]


def wait_message(server, target, request_id, timeout=90):
    def find():
        return next((m for m in sink(server, target) if m["requestId"] == request_id), None)

    return wait_for(find, timeout, 0.1, "a message for %s in the sink of %s" % (request_id, target))


def events(server, function=None):
    query = "?function=%s" % function if function else ""
    return json.loads(server.get("/_lamb/v1/events" + query))["events"]


def lamb_cli(server, *args, timeout=60):
    return subprocess.run(
        [LAMB_BIN] + list(args) + ["--endpoint", server.endpoint], capture_output=True, text=True, timeout=timeout
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
# Event invoke configs
# ---------------------------------------------------------------------------------------------------------------


def test_put_replaces_update_merges_get_list_delete(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    other = create_scripted(afunctions, recorder)
    queue = queue_arn("q")
    with pytest.raises(ClientError) as e:
        alam.get_function_event_invoke_config(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"
    assert alam.list_function_event_invoke_configs(FunctionName=name)["FunctionEventInvokeConfigs"] == []
    with pytest.raises(ClientError) as e:
        alam.update_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=1)
    assert error_code(e.value) == "ResourceNotFoundException"

    put = alam.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=1, DestinationConfig={"OnSuccess": {"Destination": queue}}
    )
    assert put["FunctionArn"] == function_arn(name, "$LATEST")
    assert put["MaximumRetryAttempts"] == 1
    assert "MaximumEventAgeInSeconds" not in put
    assert put["DestinationConfig"] == {"OnSuccess": {"Destination": queue}, "OnFailure": {}}
    assert abs(put["LastModified"].timestamp() - time.time()) < 600

    # Put replaces: what it leaves out is gone.
    put = alam.put_function_event_invoke_config(FunctionName=name, MaximumEventAgeInSeconds=300)
    assert "MaximumRetryAttempts" not in put
    assert put["DestinationConfig"] == {"OnSuccess": {}, "OnFailure": {}}

    # Update merges: what it names changes, the rest stays.
    updated = alam.update_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": function_arn(other)}}
    )
    assert updated["MaximumEventAgeInSeconds"] == 300
    assert updated["MaximumRetryAttempts"] == 0
    assert updated["DestinationConfig"]["OnFailure"] == {"Destination": function_arn(other)}
    got = alam.get_function_event_invoke_config(FunctionName=name)
    assert {k: got[k] for k in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")} == {
        k: updated[k] for k in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")
    }
    # The unqualified config is $LATEST's, under every spelling of the function.
    assert alam.get_function_event_invoke_config(FunctionName=name, Qualifier="$LATEST")["MaximumRetryAttempts"] == 0
    assert alam.get_function_event_invoke_config(FunctionName=function_arn(name))["MaximumRetryAttempts"] == 0
    listed = alam.list_function_event_invoke_configs(FunctionName=name)["FunctionEventInvokeConfigs"]
    assert [c["FunctionArn"] for c in listed] == [function_arn(name, "$LATEST")]

    with pytest.raises(ClientError) as e:
        alam.put_function_event_invoke_config(FunctionName=name, Qualifier="live", MaximumRetryAttempts=1)
    assert error_code(e.value) == "ResourceNotFoundException"

    assert alam.delete_function_event_invoke_config(FunctionName=name)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        alam.delete_function_event_invoke_config(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"

    with pytest.raises(ClientError) as e:
        alam.put_function_event_invoke_config(FunctionName=name + "-missing", MaximumRetryAttempts=1)
    assert error_code(e.value) == "ResourceNotFoundException"


def test_a_config_goes_with_its_function(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    alam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0)
    alam.delete_function(FunctionName=name)
    create_scripted(afunctions, recorder, name=name)
    with pytest.raises(ClientError) as e:
        alam.get_function_event_invoke_config(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"


@pytest.mark.parametrize(
    "settings",
    [
        {"MaximumRetryAttempts": 3},
        {"MaximumRetryAttempts": -1},
        {"MaximumEventAgeInSeconds": 30},
        {"MaximumEventAgeInSeconds": 21601},
        {"DestinationConfig": {"OnFailure": {"Destination": "not-an-arn"}}},
        {"DestinationConfig": {"OnSuccess": {"Destination": "arn:aws:dynamodb:us-east-1:000000000000:table/t"}}},
        {"DestinationConfig": {"OnSuccess": {"Destination": function_arn("no-such-function")}}},
        {},
    ],
)
def test_invalid_configs_are_refused_and_change_nothing(aserver, afunctions, recorder, settings):
    raw = aserver.client(parameter_validation=False)
    name = create_scripted(afunctions, recorder)
    before = raw.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=1)
    for operation in (raw.put_function_event_invoke_config, raw.update_function_event_invoke_config):
        with pytest.raises(ClientError) as e:
            operation(FunctionName=name, **settings)
        assert error_code(e.value) == "InvalidParameterValueException", e.value.response
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    after = raw.get_function_event_invoke_config(FunctionName=name)
    assert after["MaximumRetryAttempts"] == 1 and after["LastModified"] == before["LastModified"]
    assert "MaximumEventAgeInSeconds" not in after


def test_a_function_cannot_be_its_own_destination(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    with pytest.raises(ClientError) as e:
        alam.put_function_event_invoke_config(
            FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": function_arn(name)}}
        )
    assert error_code(e.value) == "InvalidParameterValueException"


# ---------------------------------------------------------------------------------------------------------------
# The CLI
# ---------------------------------------------------------------------------------------------------------------


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

    states = wait_for(listed, 60, 0.1, "the second event to be throttled")
    assert states[held]["state"] == "in-flight"
    assert states[waiting]["state"] == "queued"
    assert states[waiting]["attempts"] == 0 and states[waiting]["nextAttemptAt"]
    table = lamb_cli(aserver, "events", name)
    assert table.returncode == 0
    header = ["REQUEST", "ID", "FUNCTION", "STATE", "ATTEMPTS", "AGE", "NEXT", "TRY", "LAST", "ERROR"]
    assert table.stdout.splitlines()[0].split() == header
    assert held in table.stdout and "in-flight" in table.stdout

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
