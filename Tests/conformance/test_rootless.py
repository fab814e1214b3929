"""The rootless sandbox seen by a user who has no cgroups of their own (issue 19).

`lamb serve` started by a normal user (here `nobody`, dropped to from root) runs each environment in user, mount,
pid, uts and ipc namespaces without any privilege, and says which guarantees are off and how to turn them on, at
start-up, in `lamb envs` and in `lamb doctor`. With a delegated cgroup subtree the same driver also limits and
freezes: `scripts/test` runs the sandbox's own tests that way (LAMB_TEST_SERVE_USER).
"""

import json
import os
import pwd
import shutil
import subprocess
import tempfile

import pytest

from conftest import LAMB_BIN, LambServer, invoke, make_zip, unique_name, wait_for, ROLE, RUNTIME

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root to start Lamb as another, unprivileged user"),
    pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux) to drop to that user"),
]

USER = "nobody"

PROBE = """
import os, sys
def handler(event, context):
    with open("/tmp/mine", "w") as f:
        f.write("x")
    return {"uid": os.getuid(), "gid": os.getgid(), "root": sorted(os.listdir("/")),
            "pid1": open("/proc/1/cmdline").read().split("\\0")[0], "tmp": sorted(os.listdir("/tmp"))}
"""


def as_user(command, **kwargs):
    user = pwd.getpwnam(USER)
    drop = ["setpriv", "--reuid=%d" % user.pw_uid, "--regid=%d" % user.pw_gid, "--clear-groups", "--"]
    return subprocess.run(drop + command, capture_output=True, text=True, timeout=60, **kwargs)


class NobodyServer(LambServer):
    """A `lamb serve` run as `nobody`, whatever LAMB_TEST_SERVE_USER says."""

    def start(self, timeout=60.0):
        import conftest

        saved = conftest.SERVE_USER, conftest.SERVE_CGROUP
        conftest.SERVE_USER, conftest.SERVE_CGROUP = USER, None
        try:
            return super().start(timeout)
        finally:
            conftest.SERVE_USER, conftest.SERVE_CGROUP = saved


@pytest.fixture(scope="module")
def nobody(lamb_root):
    uid = pwd.getpwnam(USER).pw_uid
    if any(os.path.exists("/sys/fs/cgroup/%s/lamb-user-%d" % (c, uid)) for c in ("memory", "cpu", "pids")):
        pytest.skip("cgroups are delegated to %s on this host: this module is about a user without them" % USER)
    root = tempfile.mkdtemp(prefix="rootless-", dir=lamb_root)
    os.chmod(root, 0o755)
    server = NobodyServer(os.path.join(root, "data"), ["--sandbox", "linux"], name="rootless").start()
    yield server
    server.stop()


def test_the_banner_says_what_is_off_and_how_to_fix_it(nobody):
    log = nobody.log()
    assert "sandbox: linux (rootless)" in log, log
    assert "off: memory limit, cpu limit, freeze between invokes" in log, log
    assert "sandbox: memory limit off:" in log and "lamb doctor --print-setup" in log, log
    assert "admits only processes of your user" in log, log


def test_a_function_runs_isolated_without_privileges(nobody):
    client = nobody.client()
    name = unique_name("rootless")
    client.create_function(FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                           Code={"ZipFile": make_zip({"app.py": PROBE})})
    first = invoke(client, name)
    assert first.function_error is None, first.payload
    out = first.payload
    # Lambda's sbx_user1051, mapped to nobody on the host; no host path beyond the system directories.
    assert (out["uid"], out["gid"]) == (993, 990), out
    assert out["pid1"] == "lamb-init", out
    assert "root" not in out["root"] and "home" not in out["root"] and "work" not in out["root"], out
    assert out["tmp"] == ["mine"], out
    # Measured without a cgroup: the runtime's own resident peak.
    used = int(first.report.split("Max Memory Used: ")[1].split(" MB")[0])
    assert used > 0, first.report
    # The runtime is nobody's process on the host, in a user namespace of its own.
    env = nobody.environments(name)[0]
    status = open("/proc/%d/status" % env["pid"]).read()
    uid_line = [line for line in status.splitlines() if line.startswith("Uid:")][0]
    assert uid_line.split()[1] == str(pwd.getpwnam(USER).pw_uid), uid_line
    assert os.readlink("/proc/%d/ns/user" % env["pid"]) != os.readlink("/proc/self/ns/user")


def test_envs_reports_the_guarantees_that_are_off(nobody):
    body = json.loads(nobody.get("/_lamb/v1/environments"))
    assert body["sandbox"]["driver"] == "linux (rootless)"
    assert set(body["sandbox"]["off"]) == {"memory limit", "cpu limit", "freeze between invokes", "/tmp on disk"}
    shown = subprocess.run([LAMB_BIN, "envs", "--endpoint", nobody.endpoint], capture_output=True, text=True,
                           timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert "note: memory limit is off in this sandbox (linux (rootless))" in shown.stdout, shown.stdout


def test_doctor_prints_the_setup_that_delegates_cgroups(lamb_root):
    uid = pwd.getpwnam(USER).pw_uid
    setup = as_user([LAMB_BIN, "doctor", "--print-setup"], cwd="/")
    assert setup.returncode == 0, setup.stderr
    assert "lamb-user-%d" % uid in setup.stdout and "chown" in setup.stdout, setup.stdout
    report = as_user([LAMB_BIN, "doctor", "--data-dir", "/nonexistent/lamb"], cwd="/")
    assert report.returncode == 0, report.stderr
    assert "linux (rootless)" in report.stdout, report.stdout
    assert "memory limit: off" in report.stdout and "--print-setup" in report.stdout, report.stdout
