"""A small fake of the Lambda Runtime API (2018-06-01) for testing runtime shims.

It runs a threaded HTTP/1.1 server on 127.0.0.1:<ephemeral port> inside the test
process. Tests queue events with `enqueue()`; the runtime under test picks them up
with `GET /2018-06-01/runtime/invocation/next`; every request the runtime makes is
recorded in `requests` (method, path, lower-cased headers, body, connection id).
"""

import http.server
import itertools
import json
import queue
import socketserver
import threading
import time
import uuid

API = "/2018-06-01"


class Event(object):
    def __init__(self, body, request_id, headers, chunked, close, content_type):
        self.body = body
        self.request_id = request_id
        self.headers = headers
        self.chunked = chunked
        self.close = close
        self.content_type = content_type


class Recorded(object):
    def __init__(self, method, path, headers, body, conn_id, trailers=None, chunks=None):
        self.method = method
        self.path = path
        self.headers = headers  # dict, lower-case names
        self.body = body  # bytes
        self.conn_id = conn_id
        self.trailers = trailers or {}  # dict, lower-case names (chunked bodies)
        self.chunks = chunks or []  # the chunks of a chunked body, as they came

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "Recorded(%s %s %r %r)" % (self.method, self.path, self.headers, self.body[:200])


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # runtimes under test get killed mid-request; that is expected


class FakeRuntimeAPI(object):
    def __init__(self):
        self.events = queue.Queue()
        self.requests = []
        self.partial = {}  # path -> chunks of a chunked body received so far
        self.cond = threading.Condition()
        self.status_overrides = {}  # path suffix ("response", "error", "init/error") -> (status, body)
        self.stopping = False
        self.drop_after_post = False  # close the connection after answering a POST, unannounced
        self._conn_ids = itertools.count(1)
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def setup(self):
                http.server.BaseHTTPRequestHandler.setup(self)
                self.conn_id = next(api._conn_ids)

            def log_message(self, *args):
                pass

            def _read_body(self):
                te = (self.headers.get("Transfer-Encoding") or "").lower()
                self._trailers, self._chunks = {}, []
                if "chunked" in te:
                    out = bytearray()
                    while True:
                        line = self.rfile.readline()
                        size = int(line.split(b";")[0].strip(), 16)
                        if size == 0:
                            # trailers until blank line
                            while True:
                                line = self.rfile.readline()
                                if line in (b"\r\n", b"\n", b""):
                                    break
                                name, _, value = line.decode("latin-1").partition(":")
                                self._trailers[name.strip().lower()] = value.strip()
                            return bytes(out)
                        chunk = self.rfile.read(size)
                        out += chunk
                        self.rfile.readline()
                        # Chunks are visible as they arrive (a streamed response is checked while it is sent).
                        with api.cond:
                            self._chunks.append(chunk)
                            api.partial.setdefault(self.path, []).append(chunk)
                            api.cond.notify_all()
                n = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(n) if n else b""

            def _record(self, body):
                rec = Recorded(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                    self.conn_id,
                    getattr(self, "_trailers", {}),
                    getattr(self, "_chunks", []),
                )
                with api.cond:
                    api.requests.append(rec)
                    api.cond.notify_all()
                return rec

            def _send(self, status, body=b"", headers=None, chunked=False, close=False):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if close:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    # deliberately uneven chunk sizes, with a chunk extension
                    pos, sizes = 0, itertools.cycle([1, 7, 4096, 65536, 3])
                    while pos < len(body):
                        part = body[pos : pos + next(sizes)]
                        pos += len(part)
                        self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                self.wfile.flush()

            def do_GET(self):
                self._record(b"")
                if self.path == API + "/runtime/invocation/next":
                    while True:
                        try:
                            ev = api.events.get(timeout=0.1)
                            break
                        except queue.Empty:
                            if api.stopping:
                                self.close_connection = True
                                return
                    headers = dict(ev.headers)
                    headers["Lambda-Runtime-Aws-Request-Id"] = ev.request_id
                    if ev.content_type is not None:
                        headers["Content-Type"] = ev.content_type
                    self._send(200, ev.body, headers, chunked=ev.chunked, close=ev.close)
                elif self.path == API + "/runtime/restore/next":
                    status, rbody = api.status_overrides.get("restore/next", (200, b""))
                    self._send(status, rbody)
                else:
                    self._send(404, b'{"errorType":"NotFound","errorMessage":"no"}')

            def do_POST(self):
                body = self._read_body()
                self._record(body)
                suffix = None
                for s in ("/response", "/init/error", "/restore/error", "/error"):
                    if self.path.endswith(s):
                        suffix = s.lstrip("/")
                        break
                if suffix is None:
                    self._send(404, b'{"errorType":"NotFound","errorMessage":"no"}')
                    return
                status, rbody = api.status_overrides.get(suffix, (202, b'{"status":"OK"}'))
                self._send(status, rbody, {"Content-Type": "application/json"})
                if api.drop_after_post:
                    self.close_connection = True

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle -------------------------------------------------------------------
    @property
    def address(self):
        return "127.0.0.1:%d" % self.server.server_address[1]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stopping = True
        self.server.shutdown()
        self.server.server_close()

    # -- events ----------------------------------------------------------------------
    def enqueue(
        self,
        payload=None,
        raw=None,
        request_id=None,
        deadline_ms=None,
        timeout_s=30,
        arn="arn:aws:lambda:us-east-1:123456789012:function:test-fn",
        trace_id=None,
        client_context=None,
        cognito_identity=None,
        tenant_id=None,
        content_type="application/json",
        extra_headers=None,
        chunked=False,
        close=False,
    ):
        """Queue one invoke; returns its request id. `payload` is JSON-encoded, `raw` is sent as is."""
        request_id = request_id or str(uuid.uuid4())
        body = raw if raw is not None else json.dumps(payload).encode("utf-8")
        if deadline_ms is None:
            deadline_ms = int(time.time() * 1000) + int(timeout_s * 1000)
        headers = {"Lambda-Runtime-Deadline-Ms": str(deadline_ms)}
        if arn is not None:
            headers["Lambda-Runtime-Invoked-Function-Arn"] = arn
        if trace_id is not None:
            headers["Lambda-Runtime-Trace-Id"] = trace_id
        if client_context is not None:
            headers["Lambda-Runtime-Client-Context"] = (
                client_context if isinstance(client_context, str) else json.dumps(client_context)
            )
        if cognito_identity is not None:
            headers["Lambda-Runtime-Cognito-Identity"] = (
                cognito_identity if isinstance(cognito_identity, str) else json.dumps(cognito_identity)
            )
        if tenant_id is not None:
            headers["Lambda-Runtime-Aws-Tenant-Id"] = tenant_id
        headers.update(extra_headers or {})
        self.events.put(Event(body, request_id, headers, chunked, close, content_type))
        return request_id

    # -- inspection ------------------------------------------------------------------
    def wait_for(self, predicate, timeout=20.0):
        """Wait until some recorded request satisfies predicate; return it (or raise)."""
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for r in self.requests:
                    if predicate(r):
                        return r
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(
                        "timed out waiting for a runtime request; seen: %r" % (self.requests,)
                    )
                self.cond.wait(left)

    def wait_result(self, request_id, timeout=20.0):
        """The /response or /error post for request_id."""
        prefix = API + "/runtime/invocation/" + request_id + "/"
        return self.wait_for(
            lambda r: r.method == "POST" and r.path.startswith(prefix), timeout
        )

    def wait_partial(self, request_id, count=1, timeout=20.0):
        """The first `count` chunks of request_id's chunked `/response`, once they have arrived (before its end)."""
        path = API + "/runtime/invocation/" + request_id + "/response"
        deadline = time.time() + timeout
        with self.cond:
            while len(self.partial.get(path, [])) < count:
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError("timed out waiting for %d chunks of %s" % (count, path))
                self.cond.wait(left)
            return list(self.partial[path][:count])

    def wait_init_error(self, timeout=20.0):
        return self.wait_for(
            lambda r: r.method == "POST" and r.path == API + "/runtime/init/error", timeout
        )

    def wait_next_calls(self, n, timeout=20.0):
        path = API + "/runtime/invocation/next"
        deadline = time.time() + timeout
        with self.cond:
            while True:
                if sum(1 for r in self.requests if r.path == path) >= n:
                    return
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError("timed out waiting for %d /next calls" % n)
                self.cond.wait(left)

    def posts(self):
        with self.cond:
            return [r for r in self.requests if r.method == "POST"]
