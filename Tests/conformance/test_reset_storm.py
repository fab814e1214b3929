"""Callers that give up (issue 18): a storm of 1000 Invoke connections, each reset by its client before the answer,
some while their environment is still starting, followed by SIGTERM, leaves no environment, process, cgroup, mount
or file behind, and every environment that was started was adopted (none is left running, frozen, outside Lamb's
pools).
"""

import glob
import json
import os
import random
import socket
import struct
import threading
import time

import pytest

from conftest import invoke, wait_for

SLOW = """
import time
time.sleep(0.05)  # init takes a moment, so that resets land during cold starts too

def handler(event, context):
    time.sleep(event.get("sleep", 0.02))
    return {"ok": True}
"""

STORM = 1000
CLIENTS = 50


def instances_of(data_dir):
    """The cgroup instance ids of the live Lamb serving `data_dir` (each instance's lock file names its data dir)."""
    found = []
    for lock in glob.glob("/run/lamb/instances/*.lock"):
        try:
            with open(lock) as f:
                if f.read().strip() == data_dir:
                    found.append(os.path.basename(lock)[:-len(".lock")])
        except OSError:
            pass
    return found


def environment_cgroups(instance):
    """The environments' cgroups of one Lamb instance, in every hierarchy (other instances may run meanwhile)."""
    return sorted(d for d in glob.glob("/sys/fs/cgroup/*/lamb/%s/*" % instance) + glob.glob(
        "/sys/fs/cgroup/lamb/%s/*" % instance) if os.path.isdir(d))


def reset_invoke(port, name, rng):
    """Sends one Invoke and resets the connection (RST, not FIN) after a random short wait, before the answer."""
    body = json.dumps({"sleep": 0.02}).encode()
    request = ("POST /2015-03-31/functions/%s/invocations HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (name, port, len(body))).encode() + body
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(request)
        time.sleep(rng.random() * 0.03)
    finally:
        # SO_LINGER with a zero timeout: close() sends RST.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()


def storm(port, name, count, clients):
    sent = [0]
    lock = threading.Lock()

    def run(seed):
        rng = random.Random(seed)
        while True:
            with lock:
                if sent[0] >= count:
                    return
                sent[0] += 1
            try:
                reset_invoke(port, name, rng)
            except OSError:
                pass

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sent[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="cgroups and mounts of environments are only made under root")
def test_reset_storm_then_sigterm_leaves_nothing(lamb_servers, functions_on):
    server = lamb_servers.start("--keep-alive", "600s", name="storm")
    # The Linux sandbox's cgroups (the plain-process driver makes none).
    instances = instances_of(server.data_dir)
    lam = server.client()
    name = functions_on(server).create({"app.py": SLOW}, Timeout=10)
    # Enough concurrency for several environments to start during the storm, few enough for a 2-core machine.
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=24)
    invoke(lam, name, {"sleep": 0})

    sent = storm(server.port, name, STORM, CLIENTS)
    assert sent == STORM

    # Lamb still serves after the storm (once the invocations the storm left running have ended and given their
    # concurrency back), and every environment goes back to idle.
    def served():
        try:
            return invoke(lam, name, {"sleep": 0})
        except lam.exceptions.TooManyRequestsException:
            return None

    assert wait_for(served, timeout=30, what="an invocation after the storm").function_error is None
    def all_idle():
        envs = json.loads(server.get("/_lamb/v1/environments?function=" + name))["environments"]
        return envs if envs and all(e["state"] == "idle" for e in envs) else None

    envs = wait_for(all_idle, timeout=30, what="every environment to be idle")
    assert 1 <= len(envs) <= 24
    # Every runtime process Lamb started belongs to an environment it knows: none was started and left unadopted.
    pids = set(server.runtime_pids())
    known = set(e["pid"] for e in envs)
    assert known <= pids
    data_dir = server.data_dir

    status = server.stop()
    assert status == 0, server.log()[-4000:]
    assert server.runtime_pids() == []
    with open("/proc/mounts") as f:
        mounts = [line.split()[1] for line in f if data_dir in line]
    assert mounts == []
    env_dir = os.path.join(data_dir, "envs")
    if os.path.isdir(env_dir):
        assert [e for e in os.listdir(env_dir) if not e.startswith(".")] == []
    for instance in instances:
        assert environment_cgroups(instance) == []
