"""SnapStart through boto3: a published version's runtime is initialised once as a template and cold starts are
forks of it (Restore Duration instead of Init Duration), with a private /tmp, fresh randomness and after-restore
hooks; before-snapshot failures fail the version, after-restore failures fail the invoke."""

import json
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import error_code, invoke, invoke_many, make_zip, wait_for

SOURCE = """
import os, random, uuid, urllib.request
from snapshot_restore_py import register_before_snapshot, register_after_restore

INIT_RANDOM = random.random()
order = []
state = {"restored": False}

@register_before_snapshot
def first():
    order.append("before-1")

def second(tag):
    order.append("before-" + tag)
register_before_snapshot(second, "2")

@register_after_restore
def restored():
    state["restored"] = True
    order.append("after-1")

register_after_restore(lambda tag: order.append("after-" + tag), "2")

def handler(event, context):
    # The private temporary directory: /tmp in the Linux sandbox, a fresh TMPDIR with plain processes.
    import tempfile
    tmp = tempfile.gettempdir()
    tmp_before = sorted(os.listdir(tmp))
    with open(os.path.join(tmp, "mine"), "w") as f:
        f.write("x")
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=150).read()
    return {"tmp": tmp_before, "random": random.random(), "init_random": INIT_RANDOM, "uuid": str(uuid.uuid4()),
            "restored": state["restored"], "order": order, "init": os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE"),
            "version": context.function_version}
"""

FAILING_BEFORE = """
from snapshot_restore_py import register_before_snapshot

@register_before_snapshot
def boom():
    raise ValueError("no snapshot today")

def handler(event, context):
    return "unreachable"
"""

FAILING_AFTER = """
from snapshot_restore_py import register_after_restore

@register_after_restore
def boom():
    raise ValueError("cannot restore")

def handler(event, context):
    return "unreachable"
"""

GATED_INIT = """
import os, urllib.request
urllib.request.urlopen(os.environ["GATE"], timeout=150).read()

def handler(event, context):
    return "ready"
"""

SNAP = {"ApplyOn": "PublishedVersions"}


def settled(lam, name, version="1"):
    def check():
        conf = lam.get_function_configuration(FunctionName=name, Qualifier=version)
        return conf if conf["State"] != "Pending" else None
    return wait_for(check, timeout=60, what="the snapshot to settle")


def test_restores_are_forks_with_fresh_state(lamb, lam, functions, gate):
    name = functions.create(make_zip({"app.py": SOURCE}), SnapStart=SNAP, Timeout=30)
    published = lam.publish_version(FunctionName=name)
    assert published["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "On"}
    conf = settled(lam, name)
    assert conf["State"] == "Active", conf
    lam.get_waiter("published_version_active").wait(
        FunctionName=name, Qualifier="1", WaiterConfig={"Delay": 1, "MaxAttempts": 5})

    results = invoke_many(lam, name + ":1", 3, {"url": gate.barrier_url("snap-" + name, 3)})
    for r in results:
        assert not isinstance(r, Exception), r
        assert r.function_error is None, r
    payloads = [r.payload for r in results]
    for p in payloads:
        assert p["tmp"] == [], p
        assert p["restored"] is True
        assert p["order"] == ["before-2", "before-1", "after-1", "after-2"]
        assert p["init"] == "snap-start"
        assert p["version"] == "1"
    assert len({p["random"] for p in payloads}) == 3
    assert len({p["uuid"] for p in payloads}) == 3
    assert len({p["init_random"] for p in payloads}) == 1  # init ran once
    for r in results:
        assert "Restore Duration" in r.report and "Billed Restore Duration" in r.report, r.report
        assert "Init Duration" not in r.report
        assert "RESTORE_REPORT Restore Duration" in r.log
        # The restored snapshot is the environment's memory, as on Lambda: a Python runtime is well above 10 MB,
        # although a restored process's own cgroup is charged only for the pages it wrote after the fork.
        used = int(r.report.split("Max Memory Used: ")[1].split(" MB")[0])
        assert used >= 10, r.report
    envs = [e for e in lamb.environments(name) if e["version"] == "1"]
    assert len(envs) == 3 and {e["initializationType"] for e in envs} == {"snap-start"}
    cgroups = {open("/proc/%d/cgroup" % e["pid"]).read() for e in envs}
    if any("/lamb/" in c for c in cgroups):  # the Linux sandbox: each restored environment has its own cgroup
        assert len(cgroups) == 3

    # Warm invokes reuse restored environments (and see their own /tmp).
    warm = invoke(lam, name, Qualifier="1")
    assert "Restore Duration" not in warm.report
    assert warm.payload["tmp"] == ["mine"]
    # $LATEST is not SnapStarted.
    latest = invoke(lam, name)
    assert latest.payload["init"] == "on-demand" and "Init Duration" in latest.report


def test_pending_until_the_snapshot_is_ready(lam, functions, gate):
    key = "snap-init-" + functions.prefix
    name = functions.create(
        make_zip({"app.py": GATED_INIT}), SnapStart=SNAP, Environment={"Variables": {"GATE": gate.wait_url(key)}})
    lam.publish_version(FunctionName=name)
    wait_for(lambda: gate.count(key) >= 1, what="the snapshot's init to start")
    assert lam.get_function_configuration(FunctionName=name, Qualifier="1")["State"] == "Pending"
    with pytest.raises(ClientError) as e:
        invoke(lam, name, Qualifier="1")
    assert error_code(e.value) == "SnapStartNotReadyException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    gate.open(key)
    assert settled(lam, name)["State"] == "Active"
    assert invoke(lam, name, Qualifier="1").payload == "ready"


def test_failing_before_snapshot_hook_fails_the_version(lam, functions):
    name = functions.create(make_zip({"app.py": FAILING_BEFORE}), SnapStart=SNAP)
    published = lam.publish_version(FunctionName=name)
    assert published["ResponseMetadata"]["HTTPStatusCode"] == 201
    conf = settled(lam, name)
    assert conf["State"] == "Failed"
    assert conf["StateReasonCode"] == "FunctionError.RuntimeInitError"
    assert "Runtime.BeforeSnapshotError" in conf["StateReason"] and "no snapshot today" in conf["StateReason"]
    with pytest.raises(ClientError) as e:
        invoke(lam, name, Qualifier="1")
    assert error_code(e.value) == "ResourceConflictException"


def test_failing_after_restore_hook_fails_the_invoke(lam, functions):
    name = functions.create(make_zip({"app.py": FAILING_AFTER}), SnapStart=SNAP)
    lam.publish_version(FunctionName=name)
    assert settled(lam, name)["State"] == "Active"
    with pytest.raises(ClientError) as e:
        invoke(lam, name, Qualifier="1")
    assert error_code(e.value) == "SnapStartException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "cannot restore" in str(e.value)


PROCESS_SOURCE = """
import os, random, tempfile, urllib.request
from snapshot_restore_py import register_after_restore

state = {"restored": False}
register_after_restore(lambda: state.update(restored=True))

def handler(event, context):
    tmp = tempfile.gettempdir()
    before = sorted(os.listdir(tmp))
    open(os.path.join(tmp, "mine"), "w").close()
    print("hello from", os.getpid())
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=150).read()
    return {"tmp": tmp, "before": before, "random": random.random(), "restored": state["restored"]}
"""


def test_restores_with_the_process_sandbox(lamb_servers, functions_on, gate):
    server = lamb_servers.start("--sandbox", "process")
    client = server.client()
    name = functions_on(server).create(make_zip({"app.py": PROCESS_SOURCE}), SnapStart=SNAP)
    client.publish_version(FunctionName=name)
    assert settled(client, name)["State"] == "Active"
    first = invoke(client, name, Qualifier="1")
    # Two at once (a barrier of two): at least one more restore.
    both = invoke_many(client, name + ":1", 2, {"url": gate.barrier_url("snap-process-" + name, 2)})
    payloads = [first.payload] + [r.payload for r in both]
    for p in payloads:
        assert p["restored"] is True
    assert "Restore Duration" in first.report
    assert "hello from" in first.log
    assert first.payload["before"] == []
    assert len({p["random"] for p in payloads}) == len(payloads)
    restored_dirs = {p["tmp"] for p in payloads}
    assert len(restored_dirs) >= 2


PIDS_SOURCE = """
import os, urllib.request

def handler(event, context):
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=150).read()
    pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    return {"pid": os.getpid(), "pids": pids}
"""


def test_restored_environments_see_only_their_own_processes(lamb, lam, functions, gate):
    name = functions.create(make_zip({"app.py": PIDS_SOURCE}), SnapStart=SNAP)
    lam.publish_version(FunctionName=name)
    assert settled(lam, name)["State"] == "Active"
    results = invoke_many(lam, name + ":1", 2, {"url": gate.barrier_url("snap-pids-" + name, 2)})
    for r in results:
        assert not isinstance(r, Exception) and r.function_error is None, r
    envs = [e for e in lamb.environments(name) if e["version"] == "1"]
    if not any("/lamb/" in open("/proc/%d/cgroup" % e["pid"]).read() for e in envs):
        pytest.skip("the process sandbox gives no pid view of its own")
    for r in results:
        assert r.payload["pid"] == 1, r.payload
        assert r.payload["pids"] == [1], r.payload
