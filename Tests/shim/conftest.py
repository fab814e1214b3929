"""Fixtures for the Python runtime shim tests.

LAMB_TEST_PYTHON=/path/to/python3.X selects the interpreter the shim (and awslambdaric, for the
parity tests) runs under; by default it is the interpreter running pytest.
"""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fake_runtime_api import FakeRuntimeAPI  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
SHIM_DIR = os.path.join(REPO, "Sources", "LambRuntimes", "Shims", "python")
SHIM = os.path.join(SHIM_DIR, "lamb_bootstrap.py")
PYTHON = os.environ.get("LAMB_TEST_PYTHON") or sys.executable


def lambda_env(api, task_root, handler, extra=None):
    """The environment Lamb gives a runtime (a clean one, not the test process's)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "_HANDLER": handler,
        "AWS_LAMBDA_RUNTIME_API": api.address,
        "LAMBDA_TASK_ROOT": str(task_root),
        "LAMBDA_RUNTIME_DIR": SHIM_DIR,
        "AWS_LAMBDA_FUNCTION_NAME": "test-fn",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/test-fn",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2024/01/01/[$LATEST]0123456789abcdef0123456789abcdef",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "TZ": ":UTC",
    }
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


class RuntimeProcess(object):
    """A runtime (the shim or awslambdaric) started against a FakeRuntimeAPI."""

    def __init__(self, api, task_root, handler, env=None, kind="shim", python=None, args=None, shim=None,
                 command=None):
        self.api = api
        python = python or PYTHON
        if command is not None:
            cmd = list(command)
        elif kind == "shim":
            cmd = [python, shim or SHIM] + list(args or [])
        elif kind == "awslambdaric":
            cmd = [python, "-m", "awslambdaric", handler]
        else:
            raise ValueError(kind)
        self.proc = subprocess.Popen(
            cmd,
            cwd=str(task_root),
            env=lambda_env(api, task_root, handler, env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self._out = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        while True:
            data = self.proc.stdout.read1(65536) if hasattr(self.proc.stdout, "read1") else self.proc.stdout.read(1)
            if not data:
                return
            with self._lock:
                self._out += data

    def output(self):
        with self._lock:
            return bytes(self._out).decode("utf-8", "replace")

    def wait_output(self, needle, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = self.output()
            if needle in out:
                return out
            time.sleep(0.02)
        raise AssertionError("%r not in runtime output:\n%s" % (needle, self.output()))

    def wait_exit(self, timeout=20.0):
        code = self.proc.wait(timeout)
        self._reader.join(5)
        return code

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._reader.join(5)
        return self.proc.returncode


@pytest.fixture
def api():
    server = FakeRuntimeAPI().start()
    yield server
    server.stop()


@pytest.fixture
def task_root(tmp_path):
    root = tmp_path / "task"
    root.mkdir()
    return root


def write_code(root, relpath, source):
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def start_runtime(api, task_root):
    started = []

    def start(handler="app.handler", env=None, kind="shim", python=None, args=None, root=None, shim=None):
        proc = RuntimeProcess(api, root or task_root, handler, env, kind, python, args, shim)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()


# -- checks both shims share (the Runtime API connection) ---------------------------------------


def _echoed(api, rid):
    """The event a result echoes back (both shims' echo handlers return {"event": event, ...})."""
    return api.wait_result(rid).json()["event"]


def check_connection_close_reconnects(api):
    """Events sent with `Connection: close` (one also chunked): the shim never reuses a connection the server said it
    would close, and sends what it had pipelined on it again on a new one."""
    first = api.enqueue({"n": 1}, close=True)
    assert _echoed(api, first) == {"n": 1}
    second = api.enqueue({"n": 2}, close=True, chunked=True)
    assert _echoed(api, second) == {"n": 2}
    third = api.enqueue({"n": 3})
    assert _echoed(api, third) == {"n": 3}
    api.wait_next_calls(4)
    by_conn = {}
    for r in api.requests:
        by_conn.setdefault(r.conn_id, []).append(r.path.rsplit("/", 1)[1])
    assert sorted(by_conn.values(), key=len) == [
        ["next"],
        ["response", "next"],
        ["response", "next", "response", "next"],
    ]


def check_dropped_connection_reopened(api):
    """Kept-alive connections that die after every post, without notice: each /next goes on a new connection."""
    api.wait_next_calls(1)
    api.drop_after_post = True
    for n in range(3):
        rid = api.enqueue({"n": n})
        assert _echoed(api, rid) == {"n": n}
    api.wait_next_calls(4)
    nexts = [r.conn_id for r in api.requests if r.path.endswith("/next")]
    assert len(set(nexts)) == 4
