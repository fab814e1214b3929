"""SnapStart spares through boto3: Lamb forks environments of a SnapStart version ahead of its invokes and wakes one
per restore. What a restore promises must still hold for them: the after-restore hooks run at restore time (not when
the spare is forked), every environment draws its own random values and has its own empty /tmp, pid view and cgroup,
in bursts larger than the spares at hand (some served by spares, the rest by forks made on the spot)."""

import os
import time

from conftest import invoke_many, make_zip, process_tree, wait_for

SOURCE = """
import os, random, tempfile, uuid, urllib.request
from snapshot_restore_py import register_after_restore

state = {"restored": 0}

@register_after_restore
def restored():
    # Counts restores at the test's gate: a hook that ran in a spare before its restore would show up here early.
    urllib.request.urlopen(os.environ["HOOK_URL"], timeout=60).read()
    state["restored"] += 1

def handler(event, context):
    tmp = tempfile.gettempdir()
    before = sorted(os.listdir(tmp))
    open(os.path.join(tmp, "mine"), "w").close()
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=150).read()
    return {"tmp": before, "random": random.random(), "uuid": str(uuid.uuid4()), "restored": state["restored"],
            "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
"""

SNAP = {"ApplyOn": "PublishedVersions"}


def runtimes_of(server, name):
    """Live processes of `name` (the template, its spares and restored environments): they inherit its variables."""
    marker = ("AWS_LAMBDA_FUNCTION_NAME=%s" % name).encode()
    found = []
    for pid in process_tree(server.proc.pid):
        try:
            with open("/proc/%d/comm" % pid) as f:
                if not f.read().startswith("python"):
                    continue  # the sandbox's own processes (its init) carry the variables too
            with open("/proc/%d/environ" % pid, "rb") as f:
                if marker in f.read().split(b"\0"):
                    found.append(pid)
        except OSError:
            pass
    return found


def publish(server, name_maker, gate, key):
    client = server.client()
    name = name_maker(server).create(
        make_zip({"app.py": SOURCE}), SnapStart=SNAP, Timeout=60,
        Environment={"Variables": {"HOOK_URL": gate.barrier_url(key, 1)}})
    client.publish_version(FunctionName=name)
    wait_for(lambda: client.get_function_configuration(FunctionName=name, Qualifier="1")["State"] == "Active",
             timeout=90, what="the snapshot")
    return client, name


def burst(client, name, gate, key, count):
    results = invoke_many(client, name + ":1", count, {"url": gate.barrier_url(key, count)})
    for r in results:
        assert not isinstance(r, Exception) and r.function_error is None, r
        assert "Restore Duration" in r.report and "Init Duration" not in r.report, r.report
    return [r.payload for r in results]


def cgroups(server, name):
    envs = [e for e in server.environments(name) if e["version"] == "1"]
    return [open("/proc/%d/cgroup" % e["pid"]).read() for e in envs]


def check_distinct(payloads, server, name):
    for p in payloads:
        assert p["tmp"] == [], p
        assert p["restored"] == 1, p  # the hooks ran once, in the environment that serves
    assert len({p["random"] for p in payloads}) == len(payloads)
    assert len({p["uuid"] for p in payloads}) == len(payloads)
    if any("/lamb/" in c for c in cgroups(server, name)):  # the Linux sandbox: own cgroup and pid view each
        # A child forked on demand is moved into its cgroup just after it starts, off the restore's path.
        wait_for(lambda: len(set(cgroups(server, name))) == len(payloads), timeout=30, what="a cgroup each")
        for p in payloads:
            assert p["pids"] == [1], p


def test_bursts_of_restores_from_spares_and_forks(lamb_servers, functions_on, gate):
    server = lamb_servers.start("--keep-alive", "1s")
    hooks = "spare-hooks-" + str(os.getpid()) + str(time.time())
    client, name = publish(server, functions_on, gate, hooks)
    # The template and at least two spares (of the minimum of eight), parked: no after-restore hook has run yet.
    wait_for(lambda: len(runtimes_of(server, name)) >= 3, timeout=60, what="the spares")
    assert gate.count(hooks) == 0

    # More restores at once than there are spares: some are woken spares, the others forks made on the spot.
    first = burst(client, name, gate, "spare-burst-1-" + name, 10)
    check_distinct(first, server, name)
    assert gate.count(hooks) == 10

    # Once those environments are reaped, the version keeps as many spares as its largest burst.
    wait_for(lambda: not server.environments(name), timeout=60, what="the keep-alive to end")
    wait_for(lambda: len(runtimes_of(server, name)) >= 11, timeout=90, what="ten spares")
    assert gate.count(hooks) == 10
    second = burst(client, name, gate, "spare-burst-2-" + name, 10)
    check_distinct(second, server, name)
    assert gate.count(hooks) == 20
    assert len({p["random"] for p in first + second}) == 20


def test_without_spares_every_restore_forks(lamb_servers, functions_on, gate):
    server = lamb_servers.start("--snapstart-spares", "0")
    hooks = "no-spare-hooks-" + str(os.getpid()) + str(time.time())
    client, name = publish(server, functions_on, gate, hooks)
    payloads = burst(client, name, gate, "no-spare-burst-" + name, 3)
    check_distinct(payloads, server, name)
    assert gate.count(hooks) == 3
    # The template and the three restored environments, nothing forked ahead (a restore's short-lived
    # intermediate process may still be exiting at first).
    wait_for(lambda: len(runtimes_of(server, name)) == 4, timeout=30, what="only the template and three runtimes")
