"""Max Memory Used as a microVM counts it, and interpreters at Lambda's /var/lang (issue 19).

The memory tests run on whichever sandbox the session's server uses. The path tests need the Linux sandbox (root):
plain processes run interpreters at their host paths, and those tests skip with the reason.
"""

import os
import re

import pytest

from conftest import invoke
from test_runtimes_node import NODE_RUNTIME

HOME_PATHS = ("/root", "/home/")


def max_memory_used(report):
    return int(re.search(r"Max Memory Used: (\d+) MB", report).group(1))


def needs_linux_sandbox(lamb):
    if os.geteuid() != 0:
        pytest.skip("the Linux sandbox needs root")
    if "sandbox: linux" not in lamb.log():
        pytest.skip("the session's server does not run the Linux sandbox (LAMB_TEST_SERVE_ARGS?)")


PATHS_PROBE = """
import os, sys
def handler(event, context):
    mountinfo = open("/proc/self/mountinfo").read()
    return {
        "executable": sys.executable, "prefix": sys.prefix, "os": os.__file__,
        "exe": os.readlink("/proc/self/exe"), "path": os.environ["PATH"],
        "ld": os.environ.get("LD_LIBRARY_PATH"), "mountinfo": mountinfo,
    }
"""


def test_python_runs_at_var_lang_and_no_home_path_shows(lamb, functions, lam):
    needs_linux_sandbox(lamb)
    name = functions.create({"app.py": PATHS_PROBE})
    p = invoke(lam, name).payload
    assert p["executable"] == "/var/lang/bin/python3.11", p["executable"]
    assert p["exe"] == "/var/lang/bin/python3.11", p["exe"]
    # A pyenv-style interpreter is bound whole at /var/lang; a system one (/usr/bin/python3.11) keeps /usr.
    assert p["prefix"] in ("/var/lang", "/usr"), p["prefix"]
    assert p["os"].startswith(p["prefix"] + "/lib/python3.11/"), p["os"]
    assert p["path"].startswith("/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:"), p["path"]
    assert p["ld"].startswith("/var/lang/lib:"), p["ld"]
    assert_no_home_path(p["mountinfo"])


def assert_no_home_path(mountinfo):
    """No mount point is under a home directory. A bind mount's root (field 4) is the bound directory's path inside
    its host file system, which the kernel shows and no bind can hide: for /var/lang that is the interpreter's
    installation (a pyenv one is in a home directory). It is the one home path allowed (docs/sandbox.md)."""
    for line in mountinfo.splitlines():
        fields = line.split()
        root, mount_point = fields[3], fields[4]
        assert not mount_point.startswith(HOME_PATHS), line
        if root.startswith(HOME_PATHS):
            assert mount_point == "/var/lang", line


def test_a_function_sets_its_own_ld_library_path_and_python_still_starts(lamb, functions, lam):
    needs_linux_sandbox(lamb)
    name = functions.create({"app.py": PATHS_PROBE}, Environment={"Variables": {"LD_LIBRARY_PATH": "/var/task/lib"}})
    p = invoke(lam, name).payload
    assert p["ld"].startswith("/var/task/lib"), p["ld"]


NODE_PROBE = """
exports.handler = async () => ({
  execPath: process.execPath,
  argv0: process.argv[0],
  path: process.env.PATH,
  mountinfo: require("fs").readFileSync("/proc/self/mountinfo", "utf8"),
});
"""


@pytest.mark.skipif(NODE_RUNTIME is None, reason="no node with a Lambda runtime (18, 20, 22, 24) here")
def test_node_runs_at_var_lang_bin_node(lamb, functions, lam):
    needs_linux_sandbox(lamb)
    name = functions.create({"index.js": NODE_PROBE}, handler="index.handler", runtime=NODE_RUNTIME)
    p = invoke(lam, name).payload
    assert p["execPath"] == "/var/lang/bin/node", p
    assert p["path"].startswith("/var/lang/bin:"), p["path"]
    assert_no_home_path(p["mountinfo"])


MEMORY_PROBE = """
def handler(event, context):
    blocks = []
    for _ in range(event.get("mb", 0)):
        block = bytearray(1024 * 1024)
        for i in range(0, len(block), 4096):
            block[i] = 1
        blocks.append(block)
    status = open("/proc/self/status").read()
    rss_kb = int(status.split("VmRSS:")[1].split()[0])
    return {"rss_kb": rss_kb, "mb": len(blocks)}
"""


def test_max_memory_used_counts_memory_the_function_touched(functions, lam):
    name = functions.create({"app.py": MEMORY_PROBE}, MemorySize=512, Timeout=60)
    result = invoke(lam, name, {"mb": 60})
    assert result.payload["mb"] == 60
    used = max_memory_used(result.report)
    assert 60 <= used <= 512, result.report


def test_max_memory_used_of_a_no_op_is_at_least_its_resident_size(functions, lam):
    # The interpreter's files are cached by earlier environments (and the host), so a cgroup is charged little of
    # them; a microVM would count them all, and so must Max Memory Used.
    name = functions.create({"app.py": MEMORY_PROBE}, MemorySize=256)
    for _ in range(2):  # cold, then warm
        result = invoke(lam, name, {})
        rss_mb = result.payload["rss_kb"] / 1024.0
        used = max_memory_used(result.report)
        assert used >= rss_mb * 0.95, (used, rss_mb, result.report)
        assert used <= 256, result.report
