"""Timeouts, runtime crashes and init failures: what the caller gets, what the log says, and that the environment is
replaced (the next invocation is cold, with fresh module state) and its processes are gone."""

import re
import threading

from conftest import invoke, make_zip, pid_alive, process_tree, unique_name, wait_for

APP = """
import os, signal, subprocess, time, urllib.request, uuid
ENV_ID = uuid.uuid4().hex
count = 0

def handler(event, context):
    global count
    count += 1
    if event.get("child"):
        subprocess.Popen(["sleep", "300"])  # a grandchild the timeout must kill too
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=60).read()
    if event.get("sleep"):
        time.sleep(event["sleep"])
    if "exit" in event:
        os._exit(event["exit"])
    if event.get("signal"):
        os.kill(os.getpid(), event["signal"])
        time.sleep(10)
    return {"env": ENV_ID, "count": count}
"""

TIMESTAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"


def _env_pid(server, name):
    envs = server.environments(name)
    assert len(envs) == 1, envs
    return envs[0]["pid"]


def _wait_gone(pids, what):
    wait_for(lambda: not any(pid_alive(p) for p in pids), 30, 0.1, what)


def test_timeout(lam, lamb, functions, gate):
    name = functions.create({"app.py": APP}, Timeout=1)
    warm = invoke(lam, name)
    assert warm.payload["count"] == 1
    pid = _env_pid(lamb, name)

    key = unique_name("timeout")
    box = {}
    thread = threading.Thread(
        target=lambda: box.update(result=invoke(lam, name, {"child": True, "url": gate.barrier_url(key, 1), "sleep": 60}))
    )
    thread.start()
    # Once the handler reached the gate its `sleep 300` child exists: note the whole tree before the deadline.
    wait_for(lambda: gate.count(key) >= 1, 30, what="the handler to start")
    tree = process_tree(pid)
    assert len(tree) >= 2, tree
    thread.join(60)
    result = box["result"]
    request_id = result.raw["ResponseMetadata"]["RequestId"]

    assert result.status == 200
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": "RequestId: %s Error: Task timed out after 1.00 seconds" % request_id,
    }
    assert re.search(r"^%s %s Task timed out after 1\.00 seconds$" % (TIMESTAMP, request_id), result.log, re.M), result.log
    assert result.report.startswith("REPORT RequestId: %s\tDuration: 1000.00 ms\t" % request_id)
    assert result.report.rstrip().endswith("Status: timeout"), result.report
    # The environment was killed, every process in it.
    _wait_gone(tree, "the timed-out environment's processes to exit")
    assert all(e["pid"] != pid for e in lamb.environments(name))

    after = invoke(lam, name)
    assert after.function_error is None
    assert after.cold
    assert after.payload["count"] == 1
    assert after.payload["env"] != warm.payload["env"]


def test_timeout_on_a_cold_start(lam, functions):
    name = functions.create({"app.py": APP}, Timeout=1)
    result = invoke(lam, name, {"sleep": 30})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert "Status: timeout" in result.report
    assert "Init Duration" in result.report
    assert invoke(lam, name).payload["count"] == 1


def test_timeout_message_uses_the_configured_timeout(lam, functions):
    name = functions.create({"app.py": APP}, Timeout=2)
    result = invoke(lam, name, {"sleep": 30})
    assert result.payload["errorMessage"].endswith("Task timed out after 2.00 seconds")


def test_runtime_exit(lam, lamb, functions):
    name = functions.create({"app.py": APP})
    warm = invoke(lam, name)
    tree = process_tree(_env_pid(lamb, name))
    result = invoke(lam, name, {"exit": 3})
    request_id = result.raw["ResponseMetadata"]["RequestId"]
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorType": "Runtime.ExitError",
        "errorMessage": "RequestId: %s Error: Runtime exited with error: exit status 3" % request_id,
    }
    assert "RequestId: %s Error: Runtime exited with error: exit status 3" % request_id in result.log
    assert result.report.rstrip().endswith("Status: error\tError Type: Runtime.ExitError"), result.report
    _wait_gone(tree, "the crashed environment's processes to exit")
    # Lamb still serves, and the next invocation is a cold start.
    assert lamb.get("/_lamb/v1/health")
    after = invoke(lam, name)
    assert after.function_error is None
    assert after.cold
    assert after.payload["env"] != warm.payload["env"]
    assert after.payload["count"] == 1


def test_runtime_killed_by_a_signal(lam, functions):
    name = functions.create({"app.py": APP})
    result = invoke(lam, name, {"signal": 9})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ExitError"
    assert result.payload["errorMessage"].endswith("Error: Runtime exited with error: signal: killed")
    assert invoke(lam, name).cold


def test_a_crash_does_not_touch_other_environments(lam, lamb, functions, gate):
    survivor = functions.create({"app.py": APP})
    crasher = functions.create({"app.py": APP})
    before = invoke(lam, survivor).payload
    invoke(lam, crasher, {"exit": 1})
    after = invoke(lam, survivor)
    assert after.payload["env"] == before["env"]
    assert after.payload["count"] == 2
    assert not after.cold


INIT_RAISES = """
print("initialising")
raise RuntimeError("init failed")
def handler(event, context):
    return "unreachable"
"""

FIXED = "def handler(event, context):\n    return 'fixed'\n"


def test_init_error(lam, lamb, functions):
    name = functions.create({"app.py": INIT_RAISES})
    result = invoke(lam, name)
    assert result.status == 200
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "RuntimeError"
    assert result.payload["errorMessage"] == "init failed"
    assert isinstance(result.payload.get("stackTrace"), list)
    assert "initialising" in result.log
    # The platform's lines name only Category.Reason error types: an exception class is Runtime.Unknown there.
    assert re.search(r"^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown$",
                     result.log, re.M), result.log
    assert result.report.rstrip().endswith("Status: error\tError Type: Runtime.Unknown"), result.report
    # The failed environment is gone; the next invocation runs init again and fails the same way.
    wait_for(lambda: lamb.environments(name) == [], 30, what="the failed environment to go")
    again = invoke(lam, name)
    assert again.payload["errorType"] == "RuntimeError"
    assert "initialising" in again.log
    # After the code is fixed, invocations work.
    lam.update_function_code(FunctionName=name, ZipFile=make_zip({"app.py": FIXED}))
    fixed = invoke(lam, name)
    assert fixed.function_error is None
    assert fixed.payload == "fixed"


INIT_SLEEPS = """
import time
print("init starts")
time.sleep(120)
def handler(event, context):
    return "unreachable"
"""


def test_init_timeout(lamb_servers, functions_on):
    server = lamb_servers.start("--init-timeout", "1s")
    client = server.client()
    name = functions_on(server).create({"app.py": INIT_SLEEPS}, Timeout=30)
    result = invoke(client, name)
    request_id = result.raw["ResponseMetadata"]["RequestId"]
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert result.payload["errorMessage"].startswith("RequestId: %s Error: " % request_id)
    assert "init starts" in result.log
    assert re.search(r"^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: timeout$", result.log, re.M), \
        result.log
    # The runtime that overran its init was killed.
    wait_for(lambda: server.environments(name) == [], 30, what="the environment to go")
    wait_for(lambda: server.runtime_pids() == [], 30, what="the overrunning runtime to exit")
    # Fixed code initialises in time.
    client.update_function_code(FunctionName=name, ZipFile=make_zip({"app.py": FIXED}))
    fixed = invoke(client, name)
    assert fixed.function_error is None, fixed.body
    assert fixed.payload == "fixed"
