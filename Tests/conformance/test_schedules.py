"""Schedules: a template's `Schedule` / `ScheduleV2` events and `lamb schedule` commands fire asynchronous
invocations with EventBridge's payloads.

Time is compressed, never waited for: the template server runs with `--schedule-clock-speed 60` (`rate(1 minute)`
fires every second) and other firings go through the fire endpoint (`lamb schedule fire`), which queues exactly what a
due firing queues. Functions report the events they get to a loopback recorder. No test asserts a timing.
"""

import json
import os
import re
import subprocess
import tempfile

import pytest

from async_support import ACCOUNT, REGION, Recorder, lamb_cli
from conftest import LAMB_BIN, wait_for

REPORTING = """
import json, os, urllib.request

def handler(event, context):
    body = json.dumps({"event": event, "requestId": context.aws_request_id}).encode()
    request = urllib.request.Request("%s/post/%s" % (os.environ["RECORDER"], os.environ["KEY"]), data=body,
                                     method="POST")
    urllib.request.urlopen(request, timeout=30).read()
    if os.environ.get("FAIL"):
        raise RuntimeError("scheduled run fails")
    return {"ok": True}
"""

FUNCTION = """\
  %(id)s:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: reporter/
      Handler: app.handler
      Runtime: python3.11
      Environment:
        Variables:
          RECORDER: %(recorder)s
          KEY: %(key)s
          FAIL: "%(fail)s"
      Events:
%(events)s
"""

EVENTS = {
    "Ticker": ("ticker", "", """\
        Tick:
          Type: Schedule
          Properties:
            Schedule: rate(1 minute)
            Description: every minute"""),
    "WithInput": ("input", "", """\
        Tick:
          Type: Schedule
          Properties:
            Schedule: rate(1 minute)
            Input: '{"custom": "payload", "n": 1}'"""),
    "Disabled": ("disabled", "", """\
        Tick:
          Type: Schedule
          Properties:
            Schedule: rate(1 minute)
            Enabled: false
        Off:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(1 minute)
            State: DISABLED"""),
    "Paris": ("paris", "", """\
        Morning:
          Type: ScheduleV2
          Properties:
            Name: paris-morning
            ScheduleExpression: cron(0 9 ? * MON-FRI *)
            ScheduleExpressionTimezone: Europe/Paris
            Input: '{"arn": "<aws.scheduler.schedule-arn>", "at": "<aws.scheduler.scheduled-time>"}'
        Plain:
          Type: ScheduleV2
          Properties:
            Name: paris-plain
            ScheduleExpression: at(2099-05-01T09:30:00)
            ScheduleExpressionTimezone: Europe/Paris"""),
    "Failing": ("failing", "1", """\
        Daily:
          Type: Schedule
          Properties:
            Name: failing-daily
            Schedule: cron(0 3 * * ? *)"""),
}


def project_with(root, recorder, functions):
    path = tempfile.mkdtemp(dir=root)
    os.makedirs(os.path.join(path, "reporter"))
    with open(os.path.join(path, "reporter", "app.py"), "w") as f:
        f.write(REPORTING)
    resources = "".join(
        FUNCTION % {"id": name, "recorder": recorder.base, "key": key, "fail": fail, "events": events}
        for name, (key, fail, events) in functions.items())
    with open(os.path.join(path, "template.yaml"), "w") as f:
        f.write("Transform: AWS::Serverless-2016-10-31\nResources:\n" + resources)
    return path


@pytest.fixture(scope="module")
def recorder():
    r = Recorder()
    yield r
    r.close()


@pytest.fixture(scope="module")
def sched(lamb_root, recorder):
    """A server for a template of schedules, its clock 60 times faster, async retries at 1/100."""
    from conftest import LambServer

    project = project_with(lamb_root, recorder, EVENTS)
    server = LambServer(tempfile.mkdtemp(prefix="sched-data-", dir=lamb_root), name="schedules", cwd=project,
                        args=["--schedule-clock-speed", "60", "--async-retry-scale", "0.01"]).start(timeout=300)
    yield server
    status = server.stop()
    assert status == 0, "lamb serve exited with %s on SIGTERM" % status


def schedules(server):
    return {s["schedule"]["name"]: s for s in json.loads(server.get("/_lamb/v1/schedules"))["schedules"]}


def fire(server, name):
    status, _, body = server.request("POST", "/_lamb/v1/schedules/%s/fire" % name)
    assert status == 202, body
    return json.loads(body)["requestId"]


STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def test_rate_schedule_fires_eventbridges_scheduled_event(sched, recorder):
    got = wait_for(lambda: recorder.bodies("ticker") if len(recorder.bodies("ticker")) >= 3 else None, 120, 0.2,
                   "three firings of rate(1 minute) at 60x")
    event = got[0]["event"]
    assert list(event) == ["version", "id", "detail-type", "source", "account", "time", "region", "resources",
                           "detail"]
    assert event["version"] == "0"
    assert UUID.match(event["id"])
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["account"] == ACCOUNT
    assert STAMP.match(event["time"])
    assert event["region"] == REGION
    assert event["resources"] == ["arn:aws:events:%s:%s:rule/TickerTick" % (REGION, ACCOUNT)]
    assert event["detail"] == {}
    # Each firing is its own event and its own invocation, a minute apart on the schedule's clock.
    assert len({b["event"]["id"] for b in got}) == len(got)
    assert len({b["requestId"] for b in got}) == len(got)
    times = sorted(b["event"]["time"] for b in got)
    assert len(set(times)) == len(times)


def test_input_replaces_the_payload(sched, recorder):
    got = wait_for(lambda: recorder.bodies("input") or None, 120, 0.2, "a firing with Input")
    assert got[0]["event"] == {"custom": "payload", "n": 1}


def test_disabled_schedules_do_not_fire(sched, recorder):
    # By the time the enabled ticker has fired five times, a disabled one would have too.
    wait_for(lambda: len(recorder.bodies("ticker")) >= 5 or None, 120, 0.2, "five ticker firings")
    assert recorder.bodies("disabled") == []
    listed = schedules(sched)
    assert listed["DisabledTick"]["schedule"]["enabled"] is False
    assert listed["DisabledTick"]["nextFirings"] == []
    assert listed["DisabledOff"]["schedule"]["enabled"] is False


def test_schedule_v2_sends_its_input_with_schedulers_context(sched, recorder):
    request_id = fire(sched, "paris-morning")
    got = wait_for(lambda: [b for b in recorder.bodies("paris") if b["requestId"] == request_id] or None, 90, 0.2,
                   "the fired ScheduleV2")
    event = got[0]["event"]
    assert event["arn"] == "arn:aws:scheduler:%s:%s:schedule/default/paris-morning" % (REGION, ACCOUNT)
    assert STAMP.match(event["at"])
    # Without Input, Scheduler's Lambda target gets an empty object.
    plain_id = fire(sched, "paris-plain")
    got = wait_for(lambda: [b for b in recorder.bodies("paris") if b["requestId"] == plain_id] or None, 90, 0.2,
                   "the fired at() schedule")
    assert got[0]["event"] == {}


def test_schedules_lists_next_firings_in_the_schedules_zone(sched):
    listed = schedules(sched)
    morning = listed["paris-morning"]
    assert morning["schedule"]["kind"] == "ScheduleV2"
    assert morning["schedule"]["timeZone"] == "Europe/Paris"
    assert len(morning["nextFirings"]) == 3
    # 09:00 in Paris is 07:00 or 08:00 UTC, on weekdays only.
    for stamp in morning["nextFirings"]:
        assert re.match(r"^\d{4}-\d\d-\d\dT0[78]:00:00Z$", stamp), stamp
    assert listed["paris-plain"]["nextFirings"] == ["2099-05-01T07:30:00Z"]
    assert len(listed["TickerTick"]["nextFirings"]) == 3
    assert listed["TickerTick"]["lastFiring"] is not None or listed["TickerTick"]["firings"] == 0

    table = lamb_cli(sched, "schedules")
    assert table.returncode == 0, table.stderr
    assert "NEXT (UTC)" in table.stdout and "NEXT (LOCAL)" in table.stdout
    for name in ["TickerTick", "paris-morning", "failing-daily", "DisabledTick"]:
        assert name in table.stdout
    row = next(line for line in table.stdout.splitlines() if line.startswith("paris-morning"))
    assert "Europe/Paris" in row and "ScheduleV2" in row and "ENABLED" in row


def test_a_failing_scheduled_invocation_is_retried_like_an_async_invoke(sched, recorder):
    request_id = fire(sched, "failing-daily")
    # Lambda's two retries (at 1/100 of a minute and two): three attempts with one request id.
    attempts = wait_for(
        lambda: [b for b in recorder.bodies("failing") if b["requestId"] == request_id] if len(
            [b for b in recorder.bodies("failing") if b["requestId"] == request_id]) >= 3 else None,
        120, 0.2, "three attempts of the failing scheduled invocation")
    assert len({json.dumps(a["event"], sort_keys=True) for a in attempts}) == 1
    assert attempts[0]["event"]["resources"] == ["arn:aws:events:%s:%s:rule/failing-daily" % (REGION, ACCOUNT)]
    event = wait_for(
        lambda: next((e for e in json.loads(sched.get("/_lamb/v1/events?function=Failing"))["events"]
                      if e["requestId"] == request_id and e["state"] == "failed"), None),
        120, 0.2, "the event to end failed")
    assert event["attempts"] == 3
    # The history says who invoked: the schedule first, then the queue's retries.
    triggers = wait_for(
        lambda: (lambda t: t if len(t) >= 3 else None)(
            [r["trigger"] for r in json.loads(sched.get("/_lamb/v1/history?function=Failing"))["invocations"]
             if r["requestId"] == request_id]),
        60, 0.2, "the three attempts in the history")
    assert sorted(triggers) == ["async-retry", "async-retry", "schedule"], triggers


def test_template_schedules_cannot_be_deleted_through_the_cli(sched):
    done = lamb_cli(sched, "schedule", "delete", "TickerTick")
    assert done.returncode == 2
    assert "belongs to a template" in done.stderr


def test_create_fire_persist_and_delete_through_the_cli(lamb_servers, functions_on, recorder):
    server = lamb_servers.start("--async-retry-scale", "0.01")
    name = functions_on(server).create(
        {"app.py": REPORTING}, Environment={"Variables": {"RECORDER": recorder.base, "KEY": "cli"}})

    bad = lamb_cli(server, "schedule", "create", "nightly", "--function", name, "--expression", "rate(1 minutes)")
    assert bad.returncode == 2
    assert "Parameter ScheduleExpression is not valid." in bad.stderr
    assert "rate(1 minute)" in bad.stderr
    missing = lamb_cli(server, "schedule", "create", "nightly", "--function", "no-such-fn", "--expression",
                       "rate(5 minutes)")
    assert missing.returncode == 2

    made = lamb_cli(server, "schedule", "create", "nightly", "--function", name, "--expression",
                    "cron(0 3 * * ? *)", "--input", '{"from": "cli"}')
    assert made.returncode == 0, made.stderr
    assert "nightly" in made.stdout
    again = lamb_cli(server, "schedule", "create", "nightly", "--function", name, "--expression", "rate(5 minutes)")
    assert again.returncode == 2 and "already exists" in again.stderr

    listed = schedules(server)["nightly"]
    assert listed["schedule"]["function"] == name
    assert listed["nextFirings"] and all(s.endswith("T03:00:00Z") for s in listed["nextFirings"])
    assert len(listed["nextFirings"]) == 3

    fired = lamb_cli(server, "schedule", "fire", "nightly")
    assert fired.returncode == 0, fired.stderr
    request_id = fired.stdout.strip()
    got = wait_for(lambda: [b for b in recorder.bodies("cli") if b["requestId"] == request_id] or None, 90, 0.2,
                   "the CLI schedule's firing")
    assert got[0]["event"] == {"from": "cli"}

    assert lamb_cli(server, "schedule", "disable", "nightly").returncode == 0
    assert schedules(server)["nightly"]["nextFirings"] == []

    # Made through the API, it lives in SQLite: a restart keeps it (disabled as it was).
    server.restart()
    listed = schedules(server)["nightly"]
    assert listed["schedule"]["enabled"] is False
    assert lamb_cli(server, "schedule", "enable", "nightly").returncode == 0
    assert len(schedules(server)["nightly"]["nextFirings"]) == 3

    assert lamb_cli(server, "schedule", "delete", "nightly").returncode == 0
    assert "nightly" not in schedules(server)
    gone = lamb_cli(server, "schedule", "delete", "nightly")
    assert gone.returncode == 2 and "does not exist" in gone.stderr


@pytest.mark.parametrize("events, expected", [
    ("        T:\n          Type: Schedule\n          Properties:\n            Schedule: cron(0 10 * * * *)\n",
     "Parameter ScheduleExpression is not valid. (day-of-month and day-of-week cannot both be specified"),
    ("        T:\n          Type: ScheduleV2\n          Properties:\n            ScheduleExpression: rate(1 hour)\n"
     "            ScheduleExpressionTimezone: Mars/Olympus\n",
     "Invalid time zone: Mars/Olympus"),
    ("        T:\n          Type: Schedule\n          Properties:\n            Schedule: at(2026-01-01T00:00:00)\n",
     "expected rate(...), cron(...)"),
])
def test_invalid_schedules_stop_start_up_with_eventbridges_error(lamb_root, recorder, events, expected):
    project = project_with(lamb_root, recorder, {"Bad": ("bad", "", events.rstrip("\n"))})
    done = subprocess.run([LAMB_BIN, "serve", "--port", "0", "--data-dir", tempfile.mkdtemp()], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert expected in output
    assert "template.yaml" in output


def test_a_percent_encoded_name_names_the_same_schedule(sched):
    # Clients may encode any character of a path segment (the lamb CLI once sent `-` as `%2D`).
    name = sorted(schedules(sched))[0]
    encoded = "%%%02X" % ord(name[0]) + name[1:]
    status, _, body = sched.request("POST", "/_lamb/v1/schedules/%s/fire" % encoded)
    assert status == 202, body
