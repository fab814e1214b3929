"""Execution environments as Lamb shows them (`GET /_lamb/v1/environments`), and how code and configuration
changes retire them: an invocation in flight finishes on the old code, new invocations get new environments."""

import re
import threading

from conftest import invoke, make_zip, pid_alive, process_tree, unique_name, wait_for

VERSIONED = """
import os, time, urllib.request, uuid
ENV_ID = uuid.uuid4().hex
VERSION = "{version}"

def handler(event, context):
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=60).read()
    return {{"version": VERSION, "env": ENV_ID, "setting": os.environ.get("SETTING")}}
"""


def _code(version):
    return {"app.py": VERSIONED.format(version=version)}


def _invoke_in_background(client, name, payload):
    box = {}

    def run():
        try:
            box["result"] = invoke(client, name, payload)
        except Exception as e:  # noqa: BLE001
            box["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    return box, thread


def test_environment_listing(lam, lamb, functions, gate):
    name = functions.create({"app.py": VERSIONED.format(version="v1")}, MemorySize=256)
    assert lamb.environments(name) == []
    key = unique_name("listing")
    box, thread = _invoke_in_background(lam, name, {"url": gate.wait_url(key)})
    try:
        wait_for(lambda: gate.count(key) >= 1, 30, what="the handler to start")
        (busy,) = lamb.environments(name)
        assert busy["state"] == "invoking"
    finally:
        gate.open(key)
        thread.join(60)
    result = box["result"]
    (env,) = lamb.environments(name)
    assert re.match(r"^[0-9a-f]{32}$", env["id"])
    assert env["function"] == name
    assert env["version"] == "$LATEST"
    assert env["state"] == "idle"
    assert env["initializationType"] == "on-demand"
    assert env["invocations"] == 1
    assert env["ageSeconds"] >= 0 and env["idleSeconds"] >= 0
    assert env["maxMemoryUsedMB"] > 0
    assert env["pid"] > 0 and pid_alive(env["pid"])
    assert env["logStreamName"] in result.log or re.match(r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$",
                                                            env["logStreamName"])
    # Only this function's environments when asked for one.
    assert all(e["function"] == name for e in lamb.environments(name))
    assert any(e["id"] == env["id"] for e in lamb.environments())


def test_code_update_retires_environments(lam, lamb, functions, gate):
    name = functions.create(_code("v1"), Timeout=60)
    idle = invoke(lam, name).payload
    idle_tree = process_tree(lamb.environments(name)[0]["pid"])

    key = unique_name("inflight")
    box, thread = _invoke_in_background(lam, name, {"url": gate.wait_url(key)})
    try:
        wait_for(lambda: gate.count(key) >= 1, 30, what="the v1 invocation to start")
        (busy,) = [e for e in lamb.environments(name) if e["state"] == "invoking"]
        busy_tree = process_tree(busy["pid"])

        lam.update_function_code(FunctionName=name, ZipFile=make_zip(_code("v2")))
        # A new invocation gets a new environment with the new code while the old one is still busy.
        new = invoke(lam, name)
        assert new.payload["version"] == "v2"
        assert new.cold
        assert new.payload["env"] != idle["env"]
    finally:
        gate.open(key)
        thread.join(60)
    # The invocation in flight finished on the old code.
    assert box["result"].payload["version"] == "v1"
    assert box["result"].function_error is None

    # Neither old environment serves again, and both are shut down.
    for _ in range(3):
        assert invoke(lam, name).payload["version"] == "v2"
    wait_for(lambda: not any(pid_alive(p) for p in idle_tree + busy_tree), 30, what="the v1 environments to exit")
    assert len(lamb.environments(name)) == 1


def test_configuration_update_retires_environments(lam, lamb, functions, gate):
    name = functions.create(_code("v1"), Timeout=60, Environment={"Variables": {"SETTING": "old"}})
    key = unique_name("inflight")
    box, thread = _invoke_in_background(lam, name, {"url": gate.wait_url(key)})
    try:
        wait_for(lambda: gate.count(key) >= 1, 30, what="the invocation to start")
        busy_tree = process_tree(lamb.environments(name)[0]["pid"])
        lam.update_function_configuration(FunctionName=name, Environment={"Variables": {"SETTING": "new"}})
        new = invoke(lam, name)
        assert new.payload["setting"] == "new"
        assert new.cold
    finally:
        gate.open(key)
        thread.join(60)
    assert box["result"].payload["setting"] == "old"
    assert invoke(lam, name).payload["setting"] == "new"
    wait_for(lambda: not any(pid_alive(p) for p in busy_tree), 30, what="the old environment to exit")


def test_delete_shuts_environments_down(lam, lamb, functions):
    name = functions.create(_code("v1"))
    invoke(lam, name)
    tree = process_tree(lamb.environments(name)[0]["pid"])
    lam.delete_function(FunctionName=name)
    wait_for(lambda: not any(pid_alive(p) for p in tree), 30, what="the deleted function's environment to exit")
    assert lamb.environments(name) == []
