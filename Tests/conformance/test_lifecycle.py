"""The server's and the environments' lifecycles: keep-alive, restarts, SIGTERM with invocations in flight, and
runtimes a killed Lamb left behind. Each test runs its own `lamb serve`."""

import signal
import threading
import urllib.request

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from conftest import GATED, invoke, make_zip, pid_alive, process_tree, sha256_b64, unique_name, wait_for


def test_keep_alive_shuts_idle_environments_down(lamb_servers, functions_on):
    server = lamb_servers.start("--keep-alive", "2s")
    client = server.client()
    name = functions_on(server).create({"app.py": GATED})
    first = invoke(client, name)
    (env,) = server.environments(name)
    assert env["state"] == "idle"
    tree = process_tree(env["pid"])
    assert tree
    # After some idle seconds (2 s keep-alive, a reaper that looks every second) the environment is gone.
    wait_for(lambda: server.environments(name) == [], 30, 0.2, "the idle environment to be shut down")
    wait_for(lambda: not any(pid_alive(p) for p in tree), 30, 0.1, "its processes to exit")
    assert server.runtime_pids() == []
    # The next invocation is a cold start in a new environment.
    after = invoke(client, name)
    assert after.cold
    assert after.payload["env"] != first.payload["env"]
    assert "INIT_START" in after.log


def test_busy_environments_are_not_reaped(lamb_servers, functions_on, gate):
    server = lamb_servers.start("--keep-alive", "1s")
    client = server.client()
    name = functions_on(server).create({"app.py": GATED}, Timeout=60)
    invoke(client, name)
    key = unique_name("busy")
    box = {}
    thread = threading.Thread(target=lambda: box.update(r=invoke(client, name, {"url": gate.barrier_url(key, 1),
                                                                              "sleep": 3})))
    thread.start()
    wait_for(lambda: gate.count(key) >= 1, 30, what="the invocation to start")
    (busy,) = server.environments(name)
    thread.join(60)
    # An invocation longer than the keep-alive window runs to its end, and its environment serves on.
    assert box["r"].function_error is None
    assert box["r"].payload["count"] >= 1
    assert [e["id"] for e in server.environments(name)] == [busy["id"]]


def test_restart_keeps_functions(lamb_servers, functions_on):
    server = lamb_servers.start()
    client = server.client()
    functions = functions_on(server)
    zip_a = make_zip({"app.py": GATED})
    a = functions.create(zip_a, MemorySize=256, Timeout=9, Environment={"Variables": {"KEY": "v"}},
                         Tags={"keep": "yes"}, Description="survives")
    b = functions.create({"other.py": "def go(e, c):\n    return 'b'\n"}, handler="other.go")
    first = invoke(client, a)
    assert first.payload["count"] == 1
    before = {n: client.get_function(FunctionName=n) for n in (a, b)}
    runtimes = server.runtime_pids()
    assert runtimes

    assert server.stop() == 0
    assert not any(pid_alive(p) for p in runtimes)
    server.start()
    client = server.client()

    listed = {f["FunctionName"] for f in client.list_functions()["Functions"]}
    assert {a, b} <= listed
    for n in (a, b):
        now = client.get_function(FunctionName=n)
        assert now["Configuration"] == before[n]["Configuration"] | {}, n
        assert now.get("Tags") == before[n].get("Tags")
    assert before[a]["Configuration"]["CodeSha256"] == sha256_b64(zip_a)
    with urllib.request.urlopen(client.get_function(FunctionName=a)["Code"]["Location"], timeout=10) as download:
        assert download.read() == zip_a

    # Invoking after the restart works, from a cold start with fresh module state.
    after = invoke(client, a)
    assert after.function_error is None
    assert after.cold
    assert after.payload["count"] == 1
    assert invoke(client, b).payload == "b"
    # The log group kept what was written before the restart.
    assert first.raw["ResponseMetadata"]["RequestId"] in server.function_log(a)


def test_sigterm_lets_invocations_in_flight_finish(lamb_servers, functions_on, gate):
    server = lamb_servers.start()
    client = server.client()
    name = functions_on(server).create({"app.py": GATED}, Timeout=60)
    key = unique_name("drain")
    results = [None] * 3

    def run(i):
        try:
            results[i] = invoke(client, name, {"url": gate.wait_url(key)})
        except Exception as e:  # noqa: BLE001 - a clean failure is an allowed outcome
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    try:
        wait_for(lambda: gate.count(key) >= 3, 60, what="3 invocations in flight")
        runtimes = server.runtime_pids()
        server.proc.send_signal(signal.SIGTERM)
        # Lamb waits for them: it is still running while they are held.
        with pytest.raises(Exception):
            server.proc.wait(1)
    finally:
        gate.open(key)
    for t in threads:
        t.join(60)
        assert not t.is_alive()
    assert server.proc.wait(60) == 0
    for r in results:
        # Each one completed, or failed cleanly (an AWS error or a closed connection), never hung.
        if isinstance(r, Exception):
            assert isinstance(r, (ClientError, EndpointConnectionError)) or "Connection" in type(r).__name__, repr(r)
        else:
            assert r.function_error is None, r
    assert all(not isinstance(r, Exception) for r in results), results
    wait_for(lambda: not any(pid_alive(p) for p in runtimes), 30, what="every runtime to exit")
    assert server.runtime_pids() == []


def test_sigterm_while_functions_sleep(lamb_servers, functions_on):
    server = lamb_servers.start()
    client = server.client()
    name = functions_on(server).create({"app.py": GATED}, Timeout=60)
    results = [None] * 4

    def run(i):
        try:
            results[i] = invoke(client, name, {"sleep": 1})
        except Exception as e:  # noqa: BLE001
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    wait_for(lambda: len([e for e in server.environments(name) if e["state"] == "invoking"]) == 4, 60,
             what="4 invocations in flight")
    server.proc.send_signal(signal.SIGTERM)
    for t in threads:
        t.join(60)
        assert not t.is_alive()
    assert server.proc.wait(60) == 0
    assert all(not isinstance(r, Exception) and r.function_error is None for r in results), results
    assert server.runtime_pids() == []


def test_sigint_stops_cleanly_too(lamb_servers, functions_on):
    server = lamb_servers.start()
    name = functions_on(server).create({"app.py": GATED})
    invoke(server.client(), name)
    runtimes = server.runtime_pids()
    assert runtimes
    assert server.stop(signal.SIGINT) == 0
    wait_for(lambda: not any(pid_alive(p) for p in runtimes), 30, what="every runtime to exit")


def test_runtimes_left_by_a_killed_lamb_are_stopped_at_the_next_start(lamb_servers, functions_on):
    server = lamb_servers.start()
    client = server.client()
    name = functions_on(server).create({"app.py": GATED})
    invoke(client, name)
    runtimes = server.runtime_pids()
    assert runtimes
    server.stop(signal.SIGKILL)
    server.start()
    wait_for(lambda: not any(pid_alive(p) for p in runtimes), 30, what="the previous runtimes to be stopped")
    assert server.environments() == []
    assert invoke(server.client(), name).cold
