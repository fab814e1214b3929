"""Fixtures for the conformance suite: a live `lamb serve`, boto3 clients, and functions built from sources.

The suite drives the real server binary through boto3 and the AWS CLI, the way users do. `LAMB_BIN` names the
binary (default `<repo>/.build/debug/lamb`). One server runs for the whole session; tests that need other flags
(keep-alive, init timeout, the awslambdaric client) or that stop the server start their own with `lamb_servers`.

`LAMB_TEST_SERVE_ARGS` adds flags to every server, e.g. `--sandbox process` to run the suite on plain processes.

No test asserts a timing: anything that happens "after a while" is polled for with a generous deadline.
"""

import base64
import io
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile

import boto3
import pytest
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LAMB_BIN = os.environ.get("LAMB_BIN") or os.path.join(REPO, ".build", "debug", "lamb")
# `LAMB_TEST_SERVE_ARGS="--sandbox process"` runs every server of the suite with extra flags.
EXTRA_SERVE_ARGS = os.environ.get("LAMB_TEST_SERVE_ARGS", "").split()
# The rootless run (scripts/test, as root): every `lamb serve` runs as this unprivileged user (name or uid), started
# from inside LAMB_TEST_SERVE_CGROUP (a `cgroup.procs` file) when that is set, as a delegated cgroup v2 needs. The
# tests themselves keep running as root, so they can still look at the host.
SERVE_USER = os.environ.get("LAMB_TEST_SERVE_USER")
SERVE_CGROUP = os.environ.get("LAMB_TEST_SERVE_CGROUP")


def serve_command(arguments):
    """`arguments` run as SERVE_USER (in SERVE_CGROUP) when the suite runs rootless, else as they are."""
    if not SERVE_USER:
        return arguments
    user = pwd.getpwnam(SERVE_USER) if not SERVE_USER.isdigit() else pwd.getpwuid(int(SERVE_USER))
    drop = ["setpriv", "--reuid=%d" % user.pw_uid, "--regid=%d" % user.pw_gid, "--clear-groups", "--"]
    if not SERVE_CGROUP:
        return drop + arguments
    return ["sh", "-c", 'echo $$ > "$0" && exec "$@"', SERVE_CGROUP] + drop + arguments


def give_to_serve_user(path):
    """Makes `path` (a data directory) the serve user's, and its parents passable, in the rootless run."""
    if not SERVE_USER:
        return
    user = pwd.getpwnam(SERVE_USER) if not SERVE_USER.isdigit() else pwd.getpwuid(int(SERVE_USER))
    os.chown(path, user.pw_uid, user.pw_gid)
    parent = os.path.dirname(path)
    while parent not in ("/", ""):
        mode = os.stat(parent).st_mode
        if mode & 0o001 == 0:
            os.chmod(parent, mode | 0o005)
        parent = os.path.dirname(parent)
ROLE = "arn:aws:iam::123456789012:role/lamb-conformance"
RUNTIME = "python3.11"
REGION = "us-east-1"

if HERE not in sys.path:
    sys.path.insert(0, HERE)


# ---------------------------------------------------------------------------------------------------------------
# Polling and processes
# ---------------------------------------------------------------------------------------------------------------


def wait_for(predicate, timeout=30.0, interval=0.1, what="condition"):
    """Polls `predicate` until it returns something truthy; returns that, or fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def pid_alive(pid):
    """True while `pid` exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = stat[stat.rindex(")") + 2 :].split()[0]
    return state not in ("Z", "X")


def _children_map():
    """{ppid: [pid, ...]} of every live process."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] in ("Z", "X"):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def process_tree(*roots):
    """The live processes among `roots` and all their descendants."""
    children = _children_map()
    found = []
    pending = list(roots)
    while pending:
        pid = pending.pop()
        if pid in found:
            continue
        if pid_alive(pid):
            found.append(pid)
        pending += children.get(pid, [])
    return found


def processes_mentioning(needle):
    """Pids of live processes whose environment, command line or working directory mention `needle`.

    Every runtime Lamb starts has its data directory in `TMPDIR`, `LAMBDA_TASK_ROOT` and its working directory, so
    this finds the runtimes of one server (and nothing of another server, whose data directory differs).
    """
    found = []
    me = os.getpid()
    needle_bytes = needle.encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        pid = int(entry)
        hit = False
        for name in ("environ", "cmdline"):
            try:
                with open("/proc/%d/%s" % (pid, name), "rb") as f:
                    if needle_bytes in f.read():
                        hit = True
                        break
            except OSError:
                continue
        if not hit:
            try:
                hit = needle in os.readlink("/proc/%d/cwd" % pid)
            except OSError:
                pass
        if hit and pid_alive(pid):
            found.append(pid)
    return found


# ---------------------------------------------------------------------------------------------------------------
# A running `lamb serve`
# ---------------------------------------------------------------------------------------------------------------


class LambServer(object):
    """One `lamb serve` process on a free port, with its own data directory."""

    def __init__(self, data_dir, args=(), name="lamb", cwd=None, env=None):
        self.data_dir = os.path.realpath(data_dir)
        self.args = list(args)
        self.name = name
        # The working directory `lamb serve` runs in (a SAM project's, to find its template.yaml) and extra
        # environment variables.
        self.cwd = cwd
        self.extra_env = dict(env or {})
        self.proc = None
        self.port = None
        self.log_path = os.path.join(os.path.dirname(self.data_dir), "%s-%s.log" % (name, uuid.uuid4().hex[:6]))
        self._clients = []

    # -- process ------------------------------------------------------------------------------------------------
    def start(self, timeout=60.0):
        if not os.path.exists(LAMB_BIN):
            pytest.fail("LAMB_BIN %s does not exist: build Lamb first (swift build)" % LAMB_BIN)
        os.makedirs(self.data_dir, exist_ok=True)
        give_to_serve_user(self.data_dir)
        log = open(self.log_path, "ab")
        self._log_offset = log.tell()  # a restart appends: read only what this start writes
        env = dict(os.environ)
        env.setdefault("AWS_ACCESS_KEY_ID", "lamb-test")
        env.setdefault("AWS_SECRET_ACCESS_KEY", "lamb-test")
        env.update(self.extra_env)
        # --port 0: the kernel picks a free port and the start-up line says which (no race between tests).
        self.proc = subprocess.Popen(
            serve_command([LAMB_BIN, "serve", "--port", "0", "--data-dir", self.data_dir] + EXTRA_SERVE_ARGS + self.args),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=self.cwd,
        )
        log.close()
        try:
            self.port = wait_for(self._announced_port, timeout, 0.05,
                                 "lamb serve to print its port (%s)" % self.log_path)
            wait_for(self._healthy, timeout, 0.05, "GET /_lamb/v1/health")
        except AssertionError as e:
            # The server's own output says why it did not come up; the log file goes with the test's temp root.
            state = "running" if self.proc.poll() is None else "exited with %s" % self.proc.returncode
            raise AssertionError("%s; lamb serve is %s; its output:\n%s" % (e, state, self.log()[-6000:]))
        return self

    def _announced_port(self):
        if self.proc.poll() is not None:
            raise AssertionError("lamb serve exited with %s:\n%s" % (self.proc.returncode, self.log()))
        # Lamb prints "Lamb listening on http://HOST:PORT" on stdout, unbuffered. Hummingbird's own "Server started and
        # listening" lines are no guide: the HTTP gateway is a second server, and its line may come first.
        for line in self.log()[self._log_offset :].splitlines():
            if line.startswith("Lamb listening on http://"):
                return int(line.split()[3].rsplit(":", 1)[1])
        return None

    def _healthy(self):
        try:
            return json.loads(self.get("/_lamb/v1/health")).get("status") == "ok"
        except OSError:
            return False

    def stop(self, sig=signal.SIGTERM, timeout=60.0):
        """Sends `sig` and waits for the server to exit; returns its exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                raise AssertionError("lamb serve did not exit within %.0f s of %s" % (timeout, sig))
        return self.proc.returncode

    def restart(self):
        self.stop()
        return self.start()

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("latin-1")
        except FileNotFoundError:
            return ""

    # -- HTTP -----------------------------------------------------------------------------------------------------
    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def get(self, path, timeout=10):
        with urllib.request.urlopen(self.endpoint + path, timeout=timeout) as response:
            return response.read()

    def request(self, method, path, body=None, headers=None, timeout=30):
        """A raw HTTP request: returns (status, headers, body) without raising on 4xx/5xx."""
        req = urllib.request.Request(self.endpoint + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def client(self, **config):
        """A boto3 Lambda client for this server, without retries (botocore retries 429s otherwise)."""
        options = {
            "retries": {"max_attempts": 0},
            "read_timeout": 120,
            "connect_timeout": 10,
            "max_pool_connections": 128,
        }
        options.update(config)
        return boto3.client(
            "lambda",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="lamb-test",
            aws_secret_access_key="lamb-test",
            config=Config(**options),
        )

    # -- inspection -----------------------------------------------------------------------------------------------
    def environments(self, function=None):
        path = "/_lamb/v1/environments" + ("?function=%s" % function if function else "")
        return json.loads(self.get(path))["environments"]

    def runtime_pids(self):
        """Live processes started for this server's environments: the server's descendants, and (for runtimes that
        outlived it) processes whose environment, command line or working directory name its data directory, with
        their descendants (a sandboxed runtime may only name its data directory in its parent's command line)."""
        roots = processes_mentioning(self.data_dir + "/")
        if self.proc is not None and self.proc.poll() is None:
            roots += process_tree(self.proc.pid)
        return sorted(set(process_tree(*roots)) - {self.proc.pid if self.proc else -1})

    def function_log(self, name):
        """The function's whole log group, as Lamb's log endpoint returns it."""
        data = json.loads(self.get("/_lamb/v1/functions/%s/logs?offset=0&limit=100000" % name))
        return "\n".join(event["message"] for event in data["events"])


class ServerFactory(object):
    """Starts extra servers for one test and stops them (SIGTERM, wait) at its end."""

    def __init__(self, root):
        self.root = root
        self.servers = []

    def start(self, *args, data_dir=None, name="extra", cwd=None, env=None):
        data_dir = data_dir or tempfile.mkdtemp(prefix="data-", dir=self.root)
        server = LambServer(data_dir, args, name=name, cwd=cwd, env=env)
        self.servers.append(server)
        return server.start()

    def close(self):
        for server in self.servers:
            try:
                server.stop()
            except AssertionError:
                pass


@pytest.fixture(scope="session")
def lamb_root():
    root = tempfile.mkdtemp(prefix="lamb-conformance-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def lamb(lamb_root):
    """The session's `lamb serve`, with default flags."""
    server = LambServer(os.path.join(lamb_root, "main-data"), name="main").start()
    yield server
    status = server.stop()
    assert status == 0, "lamb serve exited with %s on SIGTERM:\n%s" % (status, server.log()[-4000:])
    leftover = server.runtime_pids()
    assert not leftover, "runtime processes left after lamb serve stopped: %s" % leftover


@pytest.fixture
def lamb_servers(lamb_root):
    """Starts extra `lamb serve` processes with other flags: `lamb_servers.start("--keep-alive", "2s")`."""
    factory = ServerFactory(lamb_root)
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def module_servers(lamb_root):
    """As `lamb_servers`, for servers a whole test module shares (stopped when the module ends)."""
    factory = ServerFactory(lamb_root)
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def lam(lamb):
    """A boto3 Lambda client of the session's server, retries off."""
    return lamb.client()


@pytest.fixture(scope="session")
def raw_lam(lamb):
    """A client that skips botocore's own parameter checks, so the server's validation is what answers."""
    return lamb.client(parameter_validation=False)


# ---------------------------------------------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------------------------------------------


NODE = shutil.which("node") or shutil.which("nodejs")


def _node_runtime():
    """The Lambda runtime name of the host's node (`nodejs22.x`), or None when there is none Lamb runs."""
    if NODE is None:
        return None
    version = subprocess.run([NODE, "--version"], capture_output=True, text=True).stdout.strip()
    runtime = "nodejs%s.x" % version.lstrip("v").split(".")[0]
    return runtime if runtime in ("nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x") else None


NODE_RUNTIME = _node_runtime()


def make_zip(files, executables=()):
    """A zip from {path: source}; a str source is written as UTF-8, bytes as they are. Files named `bootstrap`, and
    the paths in `executables`, are executable."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, source in files.items():
            info = zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0))
            executable = path.endswith("bootstrap") or path in executables
            info.external_attr = (0o755 if executable else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, source)
    return buf.getvalue()


def sha256_b64(data):
    import hashlib

    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def aws_cli_env(tmp_path):
    """The environment the AWS CLI runs in against Lamb: test keys, no config or credential files, no retries, no
    pager."""
    env = dict(os.environ)
    env.update(
        {
            "AWS_ACCESS_KEY_ID": "lamb-test",
            "AWS_SECRET_ACCESS_KEY": "lamb-test",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_PAGER": "",
        }
    )
    env.pop("AWS_PROFILE", None)
    return env


def unique_name(prefix="fn"):
    return "%s-%s" % (prefix[:40], uuid.uuid4().hex[:12])


class Functions(object):
    """Creates functions with unique names on one server and deletes them when the test ends."""

    def __init__(self, client, prefix):
        self.client = client
        self.prefix = prefix
        self.names = []

    def create(self, files, handler="app.handler", runtime=RUNTIME, name=None, **settings):
        """Creates a function from {path: source} (or zip bytes) and returns its name."""
        name = name or unique_name(self.prefix)
        zip_bytes = files if isinstance(files, bytes) else make_zip(files)
        self.client.create_function(
            FunctionName=name,
            Runtime=runtime,
            Handler=handler,
            Role=ROLE,
            Code={"ZipFile": zip_bytes},
            **settings
        )
        self.names.append(name)
        return name

    def adopt(self, name):
        """Deletes `name` at the end of the test too (for functions created some other way)."""
        self.names.append(name)
        return name

    def cleanup(self):
        for name in self.names:
            try:
                self.client.delete_function(FunctionName=name)
            except Exception:
                pass


def _prefix(request):
    return request.node.name.split("[")[0].replace("test_", "t-").replace("_", "-")[:30]


@pytest.fixture
def functions(lam, request):
    """`functions.create({"app.py": SOURCE})` on the session's server; deleted after the test."""
    f = Functions(lam, _prefix(request))
    yield f
    f.cleanup()


@pytest.fixture
def functions_on(request):
    """`functions_on(server)`: a Functions helper for another server (deleted after the test while it runs)."""
    made = []

    def make(server):
        f = Functions(server.client(), _prefix(request))
        made.append((server, f))
        return f

    yield make
    for server, f in made:
        if server.proc is not None and server.proc.poll() is None:
            f.cleanup()


# ---------------------------------------------------------------------------------------------------------------
# Gates: functions wait on the test over HTTP (a sandboxed function sees none of the test's files, but it shares
# the host's loopback, as it must to reach its Runtime API)
# ---------------------------------------------------------------------------------------------------------------


class Gate(object):
    """A loopback HTTP server that functions block on until the test lets them go.

    - `GET /arrive/<key>/<n>`: counts an arrival under `key`, then waits until `n` have arrived (a barrier).
    - `GET /wait/<key>`: counts an arrival, then waits until the test calls `open(key)`.
    Both answer with the number of arrivals so far, and give up (status 504) after two minutes.
    """

    def __init__(self):
        import http.server

        self.cond = threading.Condition()
        self.arrivals = {}
        self.opened = set()
        gate = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                parts = self.path.strip("/").split("/")
                status, body = gate._handle(parts)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _handle(self, parts):
        with self.cond:
            key = parts[1] if len(parts) > 1 else ""
            self.arrivals[key] = self.arrivals.get(key, 0) + 1
            self.cond.notify_all()
            if parts[0] == "arrive":
                done = lambda: self.arrivals[key] >= int(parts[2])  # noqa: E731
            else:
                done = lambda: key in self.opened  # noqa: E731
            ok = self.cond.wait_for(done, timeout=120)
            return (200 if ok else 504), str(self.arrivals[key]).encode()

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def barrier_url(self, key, n):
        return "%s/arrive/%s/%d" % (self.base, key, n)

    def wait_url(self, key):
        return "%s/wait/%s" % (self.base, key)

    def count(self, key):
        with self.cond:
            return self.arrivals.get(key, 0)

    def open(self, key):
        with self.cond:
            self.opened.add(key)
            self.cond.notify_all()

    def close(self):
        with self.cond:
            self.opened.update(self.arrivals)
            self.cond.notify_all()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def gate():
    g = Gate()
    yield g
    g.close()


# Handlers that block on the gate: `event["url"]` is a barrier or wait URL; `ENV_ID` tells environments apart.
GATED = """
import time, urllib.request, uuid
ENV_ID = uuid.uuid4().hex
count = 0

def handler(event, context):
    global count
    count += 1
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=150).read()
    time.sleep(event.get("sleep", 0))
    return {"env": ENV_ID, "count": count}
"""


# ---------------------------------------------------------------------------------------------------------------
# Invoking
# ---------------------------------------------------------------------------------------------------------------


class Invocation(object):
    """A decoded Invoke answer."""

    def __init__(self, response):
        self.raw = response
        self.status = response["StatusCode"]
        self.function_error = response.get("FunctionError")
        self.executed_version = response.get("ExecutedVersion")
        self.body = response["Payload"].read()
        tail = response.get("LogResult")
        self.log = base64.b64decode(tail).decode("utf-8", "replace") if tail else None
        self.headers = response["ResponseMetadata"]["HTTPHeaders"]

    @property
    def payload(self):
        return json.loads(self.body) if self.body else None

    @property
    def report(self):
        """The REPORT line of the log tail."""
        for line in (self.log or "").splitlines():
            if line.startswith("REPORT RequestId:"):
                return line
        return None

    @property
    def cold(self):
        return "Init Duration" in (self.report or "")

    def __repr__(self):
        return "Invocation(status=%s, error=%s, body=%r)" % (self.status, self.function_error, self.body[:500])


def invoke(client, name, payload=None, tail=True, **kwargs):
    """Invoke with RequestResponse; `payload` is JSON-encoded unless it is bytes. Returns an Invocation."""
    if payload is None:
        body = b"{}"
    elif isinstance(payload, bytes):
        body = payload
    else:
        body = json.dumps(payload).encode()
    if tail:
        kwargs["LogType"] = "Tail"
    return Invocation(client.invoke(FunctionName=name, Payload=body, **kwargs))


def invoke_many(client, name, count, payload=None):
    """`count` invocations at once (one thread each, started together); returns results and exceptions in order."""
    results = [None] * count
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        try:
            results[i] = invoke(client, name, payload)
        except Exception as e:  # noqa: BLE001 - throttles are results here
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results


def error_code(exc):
    return exc.response["Error"]["Code"]


def error_status(exc):
    return exc.response["ResponseMetadata"]["HTTPStatusCode"]


def error_message(exc):
    return exc.response["Error"]["Message"]


# ---------------------------------------------------------------------------------------------------------------
# SAM projects
# ---------------------------------------------------------------------------------------------------------------


def serve_project(root, files, args=(), name="project"):
    """Writes `files` ({relative path: text}) into a new project directory and starts `lamb serve` in it with
    `args`. With `--gateway-port`, waits for the gateway's start-up line and sets `server.gateway` to its URL."""
    project = tempfile.mkdtemp(dir=root)
    for relative, text in files.items():
        path = os.path.join(project, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    server = LambServer(tempfile.mkdtemp(dir=root), list(args), name=name, cwd=project).start()
    server.project = project
    if "--gateway-port" in args:
        import re

        found = wait_for(lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), 30,
                         what="the gateway's start-up line")
        server.gateway = "http://127.0.0.1:%s" % found.group(1)
    return server
