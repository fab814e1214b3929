"""Shared by the asynchronous invocation suites (test_async*.py): a server with Lambda's retry schedule at 1/100, a
loopback recorder functions report to, the functions they run, and helpers to read the queue and the sinks.

Functions run in a sandbox that sees none of the test's files, so they report what they do to the recorder over
loopback. Test modules import the fixtures they use from here; each module gets its own server.
"""

import http.server
import json
import subprocess
import tempfile
import threading
import urllib.parse

import pytest

from conftest import LAMB_BIN, LambServer, Functions, wait_for

ACCOUNT = "000000000000"
REGION = "us-east-1"


def queue_arn(name):
    return "arn:aws:sqs:%s:%s:%s" % (REGION, ACCOUNT, name)


def function_arn(name, qualifier=None):
    arn = "arn:aws:lambda:%s:%s:function:%s" % (REGION, ACCOUNT, name)
    return arn + ":" + qualifier if qualifier else arn


# ---------------------------------------------------------------------------------------------------------------
# A recorder functions report to over loopback
# ---------------------------------------------------------------------------------------------------------------


class Recorder(object):
    """`GET /hit/<key>/<item>` appends `item` under `key` and answers how many hits `key` has now;
    `POST /post/<key>` keeps the JSON body under `key`."""

    def __init__(self):
        self.lock = threading.Lock()
        self.hits = {}
        self.posts = {}
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                parts = self.path.strip("/").split("/", 2)
                with recorder.lock:
                    items = recorder.hits.setdefault(parts[1], [])
                    items.append(parts[2] if len(parts) > 2 else "")
                    body = str(len(items)).encode()
                self._answer(body)

            def do_POST(self):
                key = self.path.strip("/").split("/", 1)[1]
                data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with recorder.lock:
                    recorder.posts.setdefault(key, []).append(json.loads(data))
                self._answer(b"ok")

            def _answer(self, body):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def items(self, key):
        with self.lock:
            return list(self.hits.get(key, []))

    def bodies(self, key):
        with self.lock:
            return list(self.posts.get(key, []))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# A function driven by its event: it may first block on a gate URL (`wait`), then reports `<id>/<request id>` under
# `key` and behaves as `modes[n-1]` says on its n-th hit of that key: raise, crash, hang (past its timeout) or ok.
SCRIPTED = """
import json, os, time, urllib.request
RECORDER = os.environ["RECORDER"]

def handler(event, context):
    if event.get("wait"):
        urllib.request.urlopen(event["wait"], timeout=150).read()
    item = "%s/%s" % (event.get("id", "-"), context.aws_request_id)
    url = "%s/hit/%s/%s" % (RECORDER, event.get("key", "default"), item)
    n = int(urllib.request.urlopen(url, timeout=30).read())
    modes = event.get("modes", [])
    mode = modes[n - 1] if n <= len(modes) else "ok"
    if mode == "raise":
        raise RuntimeError("attempt %d fails" % n)
    if mode == "crash":
        os._exit(3)
    if mode == "hang":
        time.sleep(30)
    return {"attempt": n, "id": event.get("id")}
"""

# A destination function: it posts the record it receives (and its own request id) to the recorder.
RECORDING = """
import json, os, urllib.request
RECORDER = os.environ["RECORDER"]

def handler(event, context):
    body = json.dumps({"event": event, "requestId": context.aws_request_id}).encode()
    request = urllib.request.Request("%s/post/%s" % (RECORDER, os.environ["KEY"]), data=body, method="POST")
    urllib.request.urlopen(request, timeout=30).read()
    return {"recorded": True}
"""


# ---------------------------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recorder():
    r = Recorder()
    yield r
    r.close()


@pytest.fixture(scope="module")
def aserver(lamb_root):
    """This module's server: Lambda's retry schedule at 1/100."""
    data_dir = tempfile.mkdtemp(prefix="async-data-", dir=lamb_root)
    server = LambServer(data_dir, ["--async-retry-scale", "0.01"], name="async").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def alam(aserver):
    return aserver.client()


@pytest.fixture
def afunctions(alam, request):
    f = Functions(alam, request.node.name.replace("test_", "a-").replace("_", "-")[:30])
    yield f
    f.cleanup()


# Functions that wait on a gate outlive the gate's own two-minute limit, so they never time out while held.
HOLD_TIMEOUT = 150


def create_scripted(functions, recorder, **settings):
    env = {"Variables": {"RECORDER": recorder.base}}
    return functions.create({"app.py": SCRIPTED}, Environment=env, **settings)


def invoke_event(client, name, payload, **kwargs):
    """An `Event` invoke: asserts Lambda's 202 with an empty body and returns the request id."""
    response = client.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(payload).encode(), **kwargs)
    assert response["StatusCode"] == 202
    assert response["Payload"].read() == b""
    request_id = response["ResponseMetadata"]["RequestId"]
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] == request_id
    return request_id


def sink(server, target=None):
    """Every message of the local sinks (of one target)."""
    query = "?limit=10000" + ("&target=" + urllib.parse.quote(target, safe="") if target else "")
    return json.loads(server.get("/_lamb/v1/destinations" + query))["messages"]


def wait_message(server, target, request_id, timeout=90):
    def find():
        return next((m for m in sink(server, target) if m["requestId"] == request_id), None)

    return wait_for(find, timeout, 0.1, "a message for %s in the sink of %s" % (request_id, target))


def events(server, function=None):
    query = "?function=%s" % function if function else ""
    return json.loads(server.get("/_lamb/v1/events" + query))["events"]


def lamb_cli(server, *args, timeout=60):
    return subprocess.run(
        [LAMB_BIN] + list(args) + ["--endpoint", server.endpoint], capture_output=True, text=True, timeout=timeout
    )
