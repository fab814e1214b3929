"""CloudWatch Logs on Lamb's endpoint: boto3's `logs` client and `aws logs ...` read function logs unchanged.

Log groups and streams after an invocation, GetLogEvents paging both ways with CloudWatch's tokens, FilterLogEvents
with term, phrase and JSON patterns, the polling `aws logs tail --follow` does, retention across a restart, the
tag and group operations, errors in the JSON 1.1 shape, and SigV4 with the `logs` signing name.
"""

import json
import os
import re
import shutil
import subprocess
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REGION, aws_cli_env, unique_name, wait_for

AWS = shutil.which("aws")

PRINTER = """
import json

def handler(event, context):
    for line in event.get("lines", []):
        print(line if isinstance(line, str) else json.dumps(line))
    return "ok"
"""

STREAM_NAME = re.compile(r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")


def logs_client(server, **extra):
    return boto3.client(
        "logs",
        endpoint_url=server.endpoint,
        region_name=REGION,
        aws_access_key_id=extra.pop("key", "lamb-test"),
        aws_secret_access_key=extra.pop("secret", "lamb-test"),
        config=Config(retries={"max_attempts": 0}, read_timeout=60),
    )


@pytest.fixture(scope="module")
def logs(lamb):
    return logs_client(lamb)


def invoke(lam, name, lines):
    result = lam.invoke(FunctionName=name, Payload=json.dumps({"lines": lines}))
    assert "FunctionError" not in result, result["Payload"].read()


def group_of(name):
    return "/aws/lambda/%s" % name


def wait_for_message(logs, group, text, **filters):
    """The events of `group` once one holds `text` (events are written by a background writer)."""

    def found():
        events = logs.filter_log_events(logGroupName=group, **filters)["events"]
        return events if any(text in e["message"] for e in events) else None

    return wait_for(found, timeout=30, what="%r in %s" % (text, group))


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_groups_and_streams_after_an_invocation(lam, logs, functions):
    name = functions.create({"app.py": PRINTER})
    invoke(lam, name, ["hello groups"])
    wait_for_message(logs, group_of(name), "hello groups")

    groups = logs.describe_log_groups(logGroupNamePrefix=group_of(name))["logGroups"]
    assert [g["logGroupName"] for g in groups] == [group_of(name)]
    group = groups[0]
    assert group["arn"] == "arn:aws:logs:us-east-1:000000000000:log-group:%s:*" % group_of(name)
    assert group["logGroupArn"] == group["arn"][:-2]
    assert group["storedBytes"] > 0 and group["metricFilterCount"] == 0 and group["logGroupClass"] == "STANDARD"
    assert "retentionInDays" not in group
    assert group["creationTime"] > 0

    # A pattern is a substring search, and answers only the name, the ARN and the creation time.
    patterned = logs.describe_log_groups(logGroupNamePattern=name)["logGroups"]
    assert [g["logGroupName"] for g in patterned] == [group_of(name)]
    assert set(patterned[0]) == {"logGroupName", "arn", "creationTime"}

    streams = logs.describe_log_streams(logGroupName=group_of(name))["logStreams"]
    assert len(streams) == 1
    stream = streams[0]
    assert STREAM_NAME.match(stream["logStreamName"]), stream["logStreamName"]
    assert stream["firstEventTimestamp"] <= stream["lastEventTimestamp"] == stream["lastIngestionTime"]
    assert stream["arn"] == "%s:log-stream:%s" % (group["logGroupArn"], stream["logStreamName"])
    # The ARN identifies the group as well as its name does.
    by_arn = logs.describe_log_streams(logGroupIdentifier=group["arn"], orderBy="LastEventTime", descending=True)
    assert [s["logStreamName"] for s in by_arn["logStreams"]] == [stream["logStreamName"]]
    prefixed = logs.describe_log_streams(logGroupName=group_of(name), logStreamNamePrefix=stream["logStreamName"][:11])
    assert len(prefixed["logStreams"]) == 1


def test_get_log_events_pages_forward_and_backward(lam, logs, functions):
    name = functions.create({"app.py": PRINTER})
    lines = ["line %d" % i for i in range(7)]
    invoke(lam, name, lines)
    wait_for_message(logs, group_of(name), "REPORT RequestId")
    stream = logs.describe_log_streams(logGroupName=group_of(name))["logStreams"][0]["logStreamName"]
    group = group_of(name)

    # Forward from the head, 2 at a time, until the same token comes back.
    forward, token = [], None
    while True:
        args = {"logGroupName": group, "logStreamName": stream, "limit": 2, "startFromHead": True}
        if token:
            args["nextToken"] = token
        page = logs.get_log_events(**args)
        assert len(page["events"]) <= 2
        forward += [e["message"] for e in page["events"]]
        if page["nextForwardToken"] == token:
            assert page["events"] == []
            break
        token = page["nextForwardToken"]
    assert any(m.startswith("START RequestId") for m in forward[:2])  # after INIT_START on a cold start
    assert [m for m in forward if m.startswith("line ")] == lines
    assert forward[-1].startswith("REPORT RequestId")

    # Backward from the tail: the newest events first, each page older than the last.
    backward, token = [], None
    while True:
        args = {"logGroupName": group, "logStreamName": stream, "limit": 3}
        if token:
            args["nextToken"] = token
        page = logs.get_log_events(**args)
        backward = [e["message"] for e in page["events"]] + backward
        if page["nextBackwardToken"] == token:
            assert page["events"] == []
            break
        token = page["nextBackwardToken"]
    assert backward == forward

    # The caught-up forward token reads what is written later (a warm invocation writes to the same stream).
    caught_up = token_at_end = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True)[
        "nextForwardToken"
    ]
    invoke(lam, name, ["written later"])

    def later():
        page = logs.get_log_events(logGroupName=group, logStreamName=stream, nextToken=caught_up)
        return page if any(e["message"] == "written later" for e in page["events"]) else None

    page = wait_for(later, timeout=30, what="the new event through the old forward token")
    assert page["nextForwardToken"] != token_at_end
    assert all(e["ingestionTime"] >= e["timestamp"] for e in page["events"])


def test_filter_log_events_with_terms_phrases_and_json(lam, logs, functions):
    name = functions.create({"app.py": PRINTER})
    group = group_of(name)
    invoke(
        lam,
        name,
        [
            "plain marker-abc here",
            'a "quoted phrase" and more',
            "WARN disk low",
            {"level": "ERROR", "latency": 250, "user": {"id": "u1"}, "tags": ["x", "y"]},
            {"level": "INFO", "latency": 5, "ok": True, "gone": None},
        ],
    )
    wait_for_message(logs, group, "REPORT RequestId")

    def messages(pattern):
        return [e["message"] for e in logs.filter_log_events(logGroupName=group, filterPattern=pattern)["events"]]

    assert messages("marker-abc") == ["plain marker-abc here"]
    assert messages('"quoted phrase"') == ['a "quoted phrase" and more']
    assert messages("?WARN ?marker-abc") == ["plain marker-abc here", "WARN disk low"]
    assert messages("marker") == ["plain marker-abc here"]
    assert "plain marker-abc here" not in messages("-marker")
    assert messages('{ $.level = "ERROR" && $.latency > 100 }') == [json.dumps(
        {"level": "ERROR", "latency": 250, "user": {"id": "u1"}, "tags": ["x", "y"]})]
    info = json.dumps({"level": "INFO", "latency": 5, "ok": True, "gone": None})
    assert messages("{ $.user.id NOT EXISTS }") == [info]
    assert messages("{ $.ok IS TRUE && $.gone IS NULL }") == [info]
    assert messages('{ $.tags[1] = "y" }') == [messages('{ $.level = "ERR*" }')[0]]
    assert messages("{ ($.latency < 10 || $.latency >= 250) && $.level != \"DEBUG\" }") == [
        messages('{ $.level = "ERROR" }')[0],
        info,
    ]
    events = logs.filter_log_events(logGroupName=group, filterPattern="marker-abc")
    event = events["events"][0]
    assert STREAM_NAME.match(event["logStreamName"]) and event["eventId"] and event["ingestionTime"] >= event["timestamp"]
    assert events["searchedLogStreams"][0]["searchedCompletely"] is True
    assert "nextToken" not in events

    with pytest.raises(ClientError) as bad:
        logs.filter_log_events(logGroupName=group, filterPattern="{ $.level = }")
    assert error_code(bad) == "InvalidParameterException"
    assert "Invalid filter pattern" in bad.value.response["Error"]["Message"]

    # Pages of one event each follow nextToken to the end, every event once.
    all_events = logs.filter_log_events(logGroupName=group)["events"]
    paged, token = [], None
    while True:
        args = {"logGroupName": group, "limit": 1}
        if token:
            args["nextToken"] = token
        page = logs.filter_log_events(**args)
        paged += page["events"]
        token = page.get("nextToken")
        if not token:
            break
    assert [e["eventId"] for e in paged] == [e["eventId"] for e in all_events]
    assert len(set(e["eventId"] for e in paged)) == len(paged)


def test_follow_polling_as_aws_logs_tail_does(lam, logs, functions):
    """`aws logs tail --follow` polls FilterLogEvents with startTime at the newest timestamp it saw and drops event
    ids it has printed: the same events must come back with the same ids, and new ones must appear."""
    name = functions.create({"app.py": PRINTER})
    group = group_of(name)
    invoke(lam, name, ["before following"])
    first = wait_for_message(logs, group, "before following", interleaved=True,
                             startTime=int(time.time() * 1000) - 600_000)
    newest = max(e["timestamp"] for e in first)
    seen = {e["eventId"] for e in first if e["timestamp"] == newest}
    again = logs.filter_log_events(logGroupName=group, interleaved=True, startTime=newest)["events"]
    assert seen <= {e["eventId"] for e in again}

    invoke(lam, name, ["after following"])

    def new_events():
        events = logs.filter_log_events(logGroupName=group, interleaved=True, startTime=newest)["events"]
        fresh = [e for e in events if e["eventId"] not in seen]
        return fresh if any(e["message"] == "after following" for e in fresh) else None

    fresh = wait_for(new_events, timeout=30, what="the new line")
    assert "before following" not in [e["message"] for e in fresh]


def _aws_with_logs_tail():
    """An AWS CLI that has `aws logs tail` (v2): the one on PATH, or Debian's or the installer's beside a v1 on PATH."""
    for candidate in (AWS, "/usr/bin/aws", "/usr/local/bin/aws"):
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        probe = subprocess.run([candidate, "logs", "tail", "help"], capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, AWS_PAGER="", PAGER="cat"))
        if probe.returncode == 0 and "--follow" in probe.stdout:
            return candidate
    return None




def test_aws_logs_tail_follow_shows_a_later_invocation(lam, lamb, logs, functions, tmp_path):
    cli = _aws_with_logs_tail()
    if cli is None:
        pytest.skip("no AWS CLI v2 with `aws logs tail` (v1 has none); the polling it does is tested above")
    name = functions.create({"app.py": PRINTER})
    invoke(lam, name, ["so the group exists"])
    wait_for_message(logs, group_of(name), "so the group exists")
    tail = subprocess.Popen(
        [cli, "logs", "tail", group_of(name), "--follow", "--format", "short", "--endpoint-url", lamb.endpoint],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=aws_cli_env(tmp_path))
    lines = []
    reader = threading.Thread(target=lambda: [lines.append(line) for line in tail.stdout], daemon=True)
    reader.start()
    try:
        wait_for(lambda: any("so the group exists" in l for l in lines), timeout=60, what="tail's first lines")
        invoke(lam, name, ["printed while tailing"])
        wait_for(lambda: any("printed while tailing" in l for l in lines), timeout=60, what="the tailed line")
    finally:
        tail.terminate()
        tail.wait(timeout=30)

    # Without --follow: the events since --since that match the pattern, then exit.
    once = subprocess.run(
        [cli, "logs", "tail", group_of(name), "--since", "1h", "--filter-pattern", '"while tailing"', "--format", "short",
         "--endpoint-url", lamb.endpoint], capture_output=True, text=True, env=aws_cli_env(tmp_path), timeout=120)
    assert once.returncode == 0, once.stderr
    assert [l.split(" ", 1)[1] for l in once.stdout.splitlines()] == ["printed while tailing"]


def test_the_aws_cli_reads_groups_streams_and_events(lam, logs, functions, lamb, tmp_path):
    if AWS is None:
        pytest.skip("the AWS CLI is not installed")
    name = functions.create({"app.py": PRINTER})
    invoke(lam, name, ["via the cli"])
    wait_for_message(logs, group_of(name), "via the cli")
    env = aws_cli_env(tmp_path)

    def aws(*args):
        proc = subprocess.run([AWS, "logs"] + list(args) + ["--endpoint-url", lamb.endpoint, "--output", "json"],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    groups = aws("describe-log-groups", "--log-group-name-prefix", group_of(name))["logGroups"]
    assert [g["logGroupName"] for g in groups] == [group_of(name)]
    stream = aws("describe-log-streams", "--log-group-name", group_of(name))["logStreams"][0]["logStreamName"]
    got = aws("get-log-events", "--log-group-name", group_of(name), "--log-stream-name", stream, "--start-from-head")
    assert "via the cli" in [e["message"] for e in got["events"]]
    filtered = aws("filter-log-events", "--log-group-name", group_of(name), "--filter-pattern", '"via the cli"')
    assert [e["message"] for e in filtered["events"]] == ["via the cli"]


def test_retention_is_kept_across_a_restart(lamb_servers, functions_on):
    server = lamb_servers.start(name="logs-retention")
    name = functions_on(server).create({"app.py": PRINTER})
    lam, logs = server.client(), logs_client(server)
    invoke(lam, name, ["kept"])
    wait_for_message(logs, group_of(name), "kept")

    with pytest.raises(ClientError) as bad:
        logs.put_retention_policy(logGroupName=group_of(name), retentionInDays=4)
    assert error_code(bad) == "InvalidParameterException"
    logs.put_retention_policy(logGroupName=group_of(name), retentionInDays=7)
    logs.tag_log_group(logGroupName=group_of(name), tags={"team": "lamb"})
    # Events within the retention stay.
    assert "kept" in [e["message"] for e in logs.filter_log_events(logGroupName=group_of(name))["events"]]

    server.restart()
    logs = logs_client(server)
    group = logs.describe_log_groups(logGroupNamePrefix=group_of(name))["logGroups"][0]
    assert group["retentionInDays"] == 7
    assert logs.list_tags_log_group(logGroupName=group_of(name))["tags"] == {"team": "lamb"}
    assert "kept" in [e["message"] for e in logs.filter_log_events(logGroupName=group_of(name))["events"]]

    logs.delete_retention_policy(logGroupName=group_of(name))
    group = logs.describe_log_groups(logGroupNamePrefix=group_of(name))["logGroups"][0]
    assert "retentionInDays" not in group


def test_retention_hides_and_prunes_older_events(lamb, logs):
    # A group whose events were written ten days and one minute ago (the file format of Lamb's log archive).
    name = unique_name("aged")
    now = int(time.time() * 1000)
    stream = "2020/01/01/[$LATEST]" + "0" * 32
    path = os.path.join(lamb.data_dir, "logs", name + ".log")
    with open(path, "w") as f:
        f.write("%d\t%s\tten days old\n%d\t%s\ta minute old\n" % (now - 10 * 86_400_000, stream, now - 60_000, stream))
    group = group_of(name)
    messages = lambda: [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]
    assert messages() == ["ten days old", "a minute old"]

    logs.put_retention_policy(logGroupName=group, retentionInDays=7)
    assert messages() == ["a minute old"]
    got = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True)
    assert [e["message"] for e in got["events"]] == ["a minute old"]
    with open(path) as f:
        assert "ten days old" not in f.read()

    logs.delete_log_group(logGroupName=group)
    assert not os.path.exists(path)


def test_functions_sharing_a_custom_log_group(lam, logs, functions):
    shared = "/lamb/shared/%s" % unique_name("group")
    first = functions.create({"app.py": PRINTER}, LoggingConfig={"LogFormat": "Text", "LogGroup": shared})
    second = functions.create({"app.py": PRINTER}, LoggingConfig={"LogFormat": "Text", "LogGroup": shared})
    invoke(lam, first, ["from the first"])
    invoke(lam, second, ["from the second"])
    wait_for_message(logs, shared, "from the second")
    events = wait_for_message(logs, shared, "from the first")
    assert len({e["logStreamName"] for e in events}) == 2
    assert len({e["eventId"] for e in events}) == len(events)
    assert [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix=shared)["logGroups"]] == [shared]
    assert len(logs.describe_log_streams(logGroupName=shared)["logStreams"]) == 2
    assert logs.describe_log_groups(logGroupNamePrefix=group_of(first))["logGroups"] == []


def test_create_and_delete_log_groups(lam, logs, functions):
    made = "/aws/lambda/%s" % unique_name("made")
    logs.create_log_group(logGroupName=made, tags={"a": "b"})
    with pytest.raises(ClientError) as again:
        logs.create_log_group(logGroupName=made)
    assert error_code(again) == "ResourceAlreadyExistsException"
    group = logs.describe_log_groups(logGroupNamePrefix=made)["logGroups"][0]
    assert group["storedBytes"] == 0
    assert logs.describe_log_streams(logGroupName=made)["logStreams"] == []
    assert logs.list_tags_log_group(logGroupName=made)["tags"] == {"a": "b"}
    logs.delete_log_group(logGroupName=made)
    assert logs.describe_log_groups(logGroupNamePrefix=made)["logGroups"] == []

    # Deleting a function's group deletes its events; the next invocation starts it again.
    name = functions.create({"app.py": PRINTER})
    invoke(lam, name, ["first life"])
    wait_for_message(logs, group_of(name), "first life")
    logs.delete_log_group(logGroupName=group_of(name))
    assert logs.describe_log_groups(logGroupNamePrefix=group_of(name))["logGroups"] == []
    invoke(lam, name, ["second life"])
    events = wait_for_message(logs, group_of(name), "second life")
    assert "first life" not in [e["message"] for e in events]


def test_errors_in_the_json_shape(lamb, logs):
    missing = "/aws/lambda/%s" % unique_name("missing")
    for call in (
        lambda: logs.describe_log_streams(logGroupName=missing),
        lambda: logs.filter_log_events(logGroupName=missing),
        lambda: logs.get_log_events(logGroupName=missing, logStreamName="x"),
        lambda: logs.put_retention_policy(logGroupName=missing, retentionInDays=1),
        lambda: logs.delete_log_group(logGroupName=missing),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "ResourceNotFoundException"
        assert excinfo.value.response["Error"]["Message"] == "The specified log group does not exist."
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    status, headers, body = lamb.request(
        "POST", "/", body=b"{}",
        headers={"X-Amz-Target": "Logs_20140328.StartQuery", "Content-Type": "application/x-amz-json-1.1"})
    assert status == 400
    error = json.loads(body)
    assert error["__type"] == "UnknownOperationException" and "StartQuery" in error["message"]
    assert headers["Content-Type"] == "application/x-amz-json-1.1"

    # A body that is not JSON, or JSON nested past any decoder's depth, is the client's fault.
    for body in (b"not json", b"[" * 100000 + b"]" * 100000, b'{"logGroupName": 5}'):
        status, headers, body = lamb.request(
            "POST", "/", body=body,
            headers={"X-Amz-Target": "Logs_20140328.DescribeLogStreams", "Content-Type": "application/x-amz-json-1.1"})
        assert status == 400 and json.loads(body)["__type"] == "SerializationException"

    # Without the service's target, `POST /` is no operation, answered as every unmatched request is.
    status, headers, body = lamb.request("POST", "/", body=b"{}")
    assert status == 404 and headers["x-amzn-ErrorType"] == "UnknownOperationException"


def test_sigv4_servers_accept_calls_signed_for_logs(lamb_servers):
    server = lamb_servers.start("--auth", "sigv4", "--auth-key", "AKIALOGS:logs-secret", name="logs-signed")
    signed = logs_client(server, key="AKIALOGS", secret="logs-secret")
    assert isinstance(signed.describe_log_groups()["logGroups"], list)
    wrong = logs_client(server, key="AKIALOGS", secret="not-the-secret")
    with pytest.raises(ClientError) as refused:
        wrong.describe_log_groups()
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
