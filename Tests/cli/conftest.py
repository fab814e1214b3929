"""Fixtures for the `lamb` CLI tests: one `lamb serve` for the session, and a runner for the client commands.

LAMB_BIN names the binary (scripts/test sets it to .build/debug/lamb; that is also the default).
LAMB_CLI_SERVE_ARGS adds arguments to the `lamb serve` the tests start (e.g. "--sandbox process").
"""

import os
import queue
import re
import shlex
import signal
import subprocess
import tempfile
import textwrap
import threading
import time
import uuid

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LAMB_BIN = os.environ.get("LAMB_BIN") or os.path.join(REPO, ".build", "debug", "lamb")
# Generous bounds so that a broken server fails a test instead of hanging it; no test asserts a duration.
COMMAND_TIMEOUT = 120
STARTUP_TIMEOUT = 60
READY = re.compile(r"Lamb listening on (http://\S+)")


class Server(object):
    """A running `lamb serve --port 0` with its own data directory."""

    def __init__(self, directory):
        self.directory = directory
        self.endpoint = None
        self.stderr = open(os.path.join(directory, "serve.err"), "wb")
        self.process = subprocess.Popen(
            [LAMB_BIN, "serve", "--port", "0", "--data-dir", os.path.join(directory, "data")]
            + shlex.split(os.environ.get("LAMB_CLI_SERVE_ARGS", "")),
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            cwd=directory,
        )
        self.lines = queue.Queue()
        # Drains stdout for the server's whole life, so that it never blocks on a full pipe.
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for raw in self.process.stdout:
            self.lines.put(raw.decode("utf-8", "replace"))
        self.lines.put(None)

    def wait_ready(self):
        """Waits for the start-up line, which names the port the server picked."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while self.endpoint is None:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError("lamb serve did not start within %ss:\n%s" % (STARTUP_TIMEOUT, self.log()))
            if line is None:
                self.process.wait()
                raise RuntimeError("lamb serve exited with %s:\n%s" % (self.process.returncode, self.log()))
            match = READY.search(line)
            if match:
                self.endpoint = match.group(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()

    def log(self):
        self.stderr.flush()
        with open(os.path.join(self.directory, "serve.err"), "rb") as f:
            return f.read().decode("utf-8", "replace")[-4000:]


@pytest.fixture(scope="session")
def server():
    if not os.path.exists(LAMB_BIN):
        pytest.fail("no lamb binary at %s (build it, or set LAMB_BIN)" % LAMB_BIN)
    with tempfile.TemporaryDirectory(prefix="lamb-cli-") as directory:
        s = Server(directory)
        try:
            s.wait_ready()
            yield s
        finally:
            s.stop()


class Result(object):
    def __init__(self, completed):
        self.code = completed.returncode
        self.stdout = completed.stdout.decode("utf-8", "replace")
        self.stderr = completed.stderr.decode("utf-8", "replace")

    def __repr__(self):
        return "Result(code=%r, stdout=%r, stderr=%r)" % (self.code, self.stdout[-2000:], self.stderr[-2000:])


@pytest.fixture
def lamb(server):
    """Runs `lamb ARGS... --endpoint <the test server>` (endpoint=None leaves the flag out)."""

    def run(*args, stdin=None, env=None, endpoint=server.endpoint, cwd=None):
        argv = [LAMB_BIN] + [str(a) for a in args]
        if endpoint is not None:
            argv += ["--endpoint", endpoint]
        environment = dict(os.environ)
        environment.pop("LAMB_ENDPOINT", None)
        environment.update(env or {})
        completed = subprocess.run(
            argv,
            input=stdin.encode() if isinstance(stdin, str) else stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            cwd=cwd,
            timeout=COMMAND_TIMEOUT,
        )
        return Result(completed)

    return run


@pytest.fixture
def name(request):
    """A function name no other test uses."""
    base = request.node.name.replace("test_", "", 1).replace("_", "-")
    base = "".join(c for c in base if c.isalnum() or c == "-")[:40]
    return "cli-%s-%s" % (base, uuid.uuid4().hex[:8])


def write_function(directory, source, filename="app.py"):
    """A function directory holding `source` (dedented) as `filename`."""
    os.makedirs(str(directory), exist_ok=True)
    with open(os.path.join(str(directory), filename), "w") as f:
        f.write(textwrap.dedent(source))
    return str(directory)


ECHO = """
    def handler(event, context):
        print("got", event)
        return {"event": event}
"""


@pytest.fixture
def create(lamb, tmp_path):
    """Creates a Python function from source text (default: echo the event) and returns its name."""

    def make(function_name, source=ECHO, *extra):
        code = write_function(tmp_path / function_name, source)
        result = lamb("function", "create", function_name, "--runtime", "python3.11", "--handler", "app.handler",
                      "--code", code, *extra)
        assert result.code == 0, result
        return function_name

    return make


def table(text):
    """A table `lamb` printed, as one {HEADER: cell} per row: columns are two or more spaces apart, and an empty
    cell is `-`, so splitting there gives every cell, even those with a space inside (`128 MB`)."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = re.split(r"\s{2,}", lines[0].strip())
    rows = []
    for line in lines[1:]:
        cells = re.split(r"\s{2,}", line.strip())
        assert len(cells) == len(header), (header, line)
        rows.append(dict(zip(header, cells)))
    return rows
