"""The Linux sandbox, observed through boto3 (issue 4): isolation, memory, /tmp, CPU caps, freezing, process limits,
and cleanup. These run against `lamb serve --sandbox linux` and need root; without it they skip with the reason.
"""

import glob
import os

import pytest

from conftest import SERVE_USER, invoke, invoke_many, wait_for

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the Linux sandbox needs root")


@pytest.fixture(scope="module")
def sandboxed(lamb_root):
    """One `lamb serve --sandbox linux` for this module."""
    from conftest import LambServer

    server = LambServer(os.path.join(lamb_root, "sandbox-data"), ["--sandbox", "linux"], name="sandbox").start()
    assert "sandbox: linux" in server.log() or wait_for(lambda: "sandbox: linux" in server.log(), 10)
    yield server
    server.stop()


@pytest.fixture
def fns(sandboxed, functions_on):
    return functions_on(sandboxed)


@pytest.fixture
def lam_s(sandboxed):
    return sandboxed.client()


# Root's environments live under `<hierarchy>/lamb/`, a rootless Lamb's under the subtree delegated to its user.
CGROUP_PARENTS = ["/sys/fs/cgroup/%s/lamb/", "/sys/fs/cgroup/%s/lamb-user-*/lamb/", "/sys/fs/cgroup/lamb-user-*/lamb/"]


def cgroup_dirs(instance_glob):
    found = []
    for parent in CGROUP_PARENTS:
        found += [d for d in glob.glob((parent % "*" if "%s" in parent else parent) + instance_glob) if os.path.isdir(d)]
    return found


def env_cgroup_file(sandboxed, env_id, controller, name):
    """A cgroup file of one environment, as the host sees it."""
    matches = []
    for parent in CGROUP_PARENTS:
        matches += glob.glob((parent % controller if "%s" in parent else parent) + "*/%s/%s" % (env_id, name))
    return open(matches[0]).read().strip() if matches else None


TMP_PROBE = """
import urllib.request, uuid
ENV = uuid.uuid4().hex
def handler(event, context):
    if event.get("write"):
        with open("/tmp/x", "w") as f:
            f.write(ENV)
    try:
        seen = open("/tmp/x").read()
    except FileNotFoundError:
        seen = None
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=150).read()
    return {"env": ENV, "tmp": seen}
"""


def test_each_environment_has_its_own_tmp(fns, lam_s, gate):
    name = fns.create({"app.py": TMP_PROBE}, Timeout=60)
    a = invoke(lam_s, name, {"write": True}).payload
    assert a["tmp"] == a["env"]
    # Two invocations at once (both wait at a barrier): one warm on the first environment, one on a new one.
    both = [r.payload for r in invoke_many(lam_s, name, 2, {"url": gate.barrier_url("tmp-two", 2)})]
    assert {p["env"] for p in both} == {a["env"], next(p["env"] for p in both if p["env"] != a["env"])}
    for payload in both:
        if payload["env"] == a["env"]:
            assert payload["tmp"] == a["env"], "the warm environment keeps its /tmp"
        else:
            assert payload["tmp"] is None, "a new environment saw another environment's /tmp"


ISOLATION_PROBE = """
import os
def handler(event, context):
    out = {"procs": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()), "uid": os.getuid()}
    for path in event["hidden"]:
        try:
            out[path] = sorted(os.listdir(path))
        except OSError as e:
            out[path] = type(e).__name__
    try:
        open("/var/task/new-file", "w")
        out["task"] = "writable"
    except OSError as e:
        out["task"] = e.errno
    return out
"""


def test_processes_code_host_and_data_are_isolated(fns, lam_s, sandboxed):
    name = fns.create({"app.py": ISOLATION_PROBE})
    hidden = [os.path.expanduser("~"), sandboxed.data_dir, os.path.dirname(os.path.abspath(__file__))]
    out = invoke(lam_s, name, {"hidden": hidden}).payload
    assert out["procs"] == [1, 2], "an environment sees only its init and its runtime"
    assert out["uid"] != 0
    for path in hidden:
        # A directory on the way to the interpreter's installation (~/.pyenv/...) exists, with nothing else in it.
        if isinstance(out[path], list):
            host_entries = set(os.listdir(path))
            assert len(out[path]) <= 1 and set(out[path]) <= host_entries, "%s is visible inside: %s" % (path, out)
            assert len(host_entries) > len(out[path]), "%s is visible inside the sandbox: %s" % (path, out)
    assert out["task"] == 30, "/var/task must be read-only (EROFS)"


HOSTS_PROBE = """
import socket

def handler(event, context):
    with open("/etc/hosts") as f:
        hosts = f.read()
    try:
        open("/etc/hosts", "a")
        writable = True
    except OSError:
        writable = False
    return {"sandbox": socket.gethostbyname("sandbox.localdomain"), "localhost": "localhost" in hosts,
            "writable": writable}
"""


def test_sandbox_localdomain_resolves_to_the_loopback(fns, lam_s):
    # Extensions listen on sandbox.localdomain for the Telemetry API, as in Lambda's environments.
    out = invoke(lam_s, fns.create({"app.py": HOSTS_PROBE}), {}).payload
    assert out == {"sandbox": "127.0.0.1", "localhost": True, "writable": False}


MEMORY_HOG = """
def handler(event, context):
    blocks = []
    for _ in range(event["mb"]):
        block = bytearray(1024 * 1024)
        for i in range(0, len(block), 4096):
            block[i] = 1
        blocks.append(block)
    return len(blocks)
"""


def test_going_over_memory_is_runtime_out_of_memory(fns, lam_s):
    name = fns.create({"app.py": MEMORY_HOG}, MemorySize=128, Timeout=60)
    result = invoke(lam_s, name, {"mb": 256})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.OutOfMemory"
    assert "Runtime exited with error: signal: killed" in result.payload["errorMessage"]
    assert "Status: error\tError Type: Runtime.OutOfMemory" in result.report
    used = int(result.report.split("Max Memory Used: ")[1].split(" MB")[0])
    assert 110 <= used <= 128, result.report
    # The environment is gone: the next invocation is cold and works.
    again = invoke(lam_s, name, {"mb": 10})
    assert again.payload == 10 and again.cold


def test_max_memory_used_is_measured(fns, lam_s):
    name = fns.create({"app.py": MEMORY_HOG}, MemorySize=512, Timeout=60)
    result = invoke(lam_s, name, {"mb": 50})
    used = int(result.report.split("Max Memory Used: ")[1].split(" MB")[0])
    # 50 MB of data plus the interpreter itself (about 10 MB).
    assert 50 <= used <= 75, result.report


TMP_FILLER = """
import errno
def handler(event, context):
    try:
        with open("/tmp/fill", "wb") as f:
            for _ in range(event["mb"]):
                f.write(b"x" * 1024 * 1024)
        return "wrote"
    except OSError as e:
        return errno.errorcode[e.errno]
"""


def test_tmp_is_full_at_its_ephemeral_storage_size(fns, lam_s):
    name = fns.create({"app.py": TMP_FILLER}, MemorySize=1024, EphemeralStorage={"Size": 512}, Timeout=60)
    assert invoke(lam_s, name, {"mb": 600}).payload == "ENOSPC"
    # Lamb and the environment go on.
    assert invoke(lam_s, name, {"mb": 0}).payload == "wrote"


SPINNER = """
def handler(event, context):
    return sum(range(1000))
"""


@pytest.mark.parametrize("memory,quota", [(1769, 100000), (884, 49972), (128, 7236)])
def test_cpu_is_capped_in_proportion_to_memory(fns, lam_s, sandboxed, memory, quota):
    """The cap itself is checked in the environment's cgroup; the speed it gives is measured by the benchmarks
    (tests make no timing assertions)."""
    name = fns.create({"app.py": SPINNER}, MemorySize=memory)
    invoke(lam_s, name)
    env = sandboxed.environments(name)[0]["id"]
    value = env_cgroup_file(sandboxed, env, "cpu", "cpu.cfs_quota_us")
    if value is None:
        pytest.skip("no v1 cpu controller on this host")
    host_cores = os.cpu_count()
    assert int(value) == min(quota, host_cores * 100000)


BACKGROUND_COUNTER = """
import threading, time
counter = 0
def tick():
    global counter
    while True:
        counter += 1
        time.sleep(0.01)
threading.Thread(target=tick, daemon=True).start()

def handler(event, context):
    start = counter
    time.sleep(event.get("sleep", 0))
    return {"start": start, "end": counter}
"""


def test_environment_is_frozen_between_invocations(fns, lam_s):
    import time

    name = fns.create({"app.py": BACKGROUND_COUNTER}, MemorySize=1024)
    first = invoke(lam_s, name, {"sleep": 0.3}).payload
    assert first["end"] > first["start"], "the background thread runs during an invocation"
    time.sleep(1.0)
    second = invoke(lam_s, name, {"sleep": 0.3}).payload
    # Unfrozen, the thread would have ticked about 100 times in the second between the invocations; frozen, at most
    # a tick or two slip in between the response and the freeze.
    assert second["start"] - first["end"] <= 3, (first, second)
    assert second["end"] > second["start"]


FORK_BOMB = """
import os, time
def handler(event, context):
    children = 0
    try:
        while True:
            pid = os.fork()
            if pid == 0:
                time.sleep(30)
                os._exit(0)
            children += 1
    except OSError as e:
        return {"children": children, "error": e.strerror}
"""


def test_fork_bomb_is_contained(fns, lam_s):
    bomb = fns.create({"app.py": FORK_BOMB}, MemorySize=3008, Timeout=120)
    other = fns.create({"app.py": SPINNER})
    result = invoke(lam_s, bomb)
    assert result.function_error is None, result
    assert 900 <= result.payload["children"] < 1024, result.payload
    # Lamb keeps serving other functions.
    assert invoke(lam_s, other).payload == sum(range(1000))


def test_nothing_is_left_after_the_server_stops(lamb_servers, functions_on):
    server = lamb_servers.start("--sandbox", "linux")
    fns = functions_on(server)
    lam = server.client()
    name = fns.create({"app.py": SPINNER})
    invoke_many(lam, name, 3, {})
    envs = server.environments(name)
    assert len(envs) >= 1
    instance_dirs = cgroup_dirs("*/" + envs[0]["id"])
    assert instance_dirs, "each environment has its cgroups"
    instances = {os.path.dirname(d) for d in instance_dirs}
    assert server.stop() == 0
    wait_for(lambda: not any(os.path.exists(d) for d in instances), 10, what="the server's cgroups to go")
    assert not server.runtime_pids()
    with open("/proc/self/mountinfo") as f:
        assert server.data_dir not in f.read(), "no mount of the environments is visible on the host"


def test_a_killed_lamb_leaves_nothing_after_its_next_start(lamb_servers, functions_on):
    import signal

    server = lamb_servers.start("--sandbox", "linux")
    name = functions_on(server).create({"app.py": SPINNER})
    invoke_many(server.client(), name, 3, {})
    env_ids = [e["id"] for e in server.environments(name)]
    left = server.runtime_pids()
    assert left, "environments are running"
    server.stop(signal.SIGKILL)
    # The restarted server (same data directory) stops what the killed one left and removes its cgroups.
    restarted = lamb_servers.start("--sandbox", "linux", data_dir=server.data_dir)
    wait_for(lambda: not [p for p in left if _alive(p)], 10, what="the old environments' processes to go")
    for env_id in env_ids:
        assert not cgroup_dirs("*/" + env_id), "a killed Lamb's cgroup survived its restart"
    assert invoke(restarted.client(), name).payload == sum(range(1000))


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ")[1][0] not in "ZX"
    except OSError:
        return False


def v2_mount_options():
    """The options of the host's cgroup v2 mount (pure v2 or the unified hierarchy of a hybrid host), or None."""
    for line in open("/proc/self/mountinfo"):
        fields = line.split()
        dash = fields.index("-")
        if fields[dash + 1] == "cgroup2" and fields[4] in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"):
            return fields[dash + 3].split(",")
    return None


def test_serve_makes_cgroup_joins_fast(sandboxed):
    """A cold start joins its cgroups; `lamb serve` turns on favordynmods so that no join waits for the kernel."""
    if SERVE_USER:
        pytest.skip("favordynmods is a mount option, root's to set: a rootless Lamb leaves the mount alone")
    options = v2_mount_options()
    if options is None:
        pytest.skip("this host has no cgroup v2 hierarchy")
    log = sandboxed.log()
    if "favordynmods (Linux 6.0" in log:
        pytest.skip("this kernel has no favordynmods")
    assert "favordynmods" in options
    assert "sandbox: cgroup joins are fast" in log
