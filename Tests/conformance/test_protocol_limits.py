"""Connection limits and HTTP/1 protocol abuse, on raw sockets against a real `lamb serve` (both servers: the Lambda
API and the HTTP gateway).

Slow clients (a head dribbled out, a body that stops) are cut after `--client-timeout`, idle keep-alive connections
after `--idle-timeout`, connections beyond `--max-connections` are closed at once, HTTP/1.0 connections close after
their response, and request-smuggling shapes get a 4xx or a close. None of it may hang, answer 5xx, or cut a request
Lamb is still answering; the server serves a normal boto3 request afterwards.

The servers here run with short timeouts (`--client-timeout 3s --idle-timeout 3s`) so that nothing waits a minute.
Nothing asserts a timing: closes are polled for with generous deadlines, and "closed at once" means long before any
timeout of that server could have done it.
"""

import json
import re
import select
import socket
import tempfile
import time

import pytest

from conftest import LambServer, invoke, make_zip, unique_name, wait_for, ROLE, RUNTIME

SHORT = ("--client-timeout", "3s", "--idle-timeout", "3s")
ECHO = "import time\ndef handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    return event\n"
# Polling deadline for anything a 3 s timeout should end (a loaded machine is slow, never by this much).
CUT = 30


@pytest.fixture(scope="module")
def short(lamb_root):
    """A server with 3-second client and idle timeouts, its gateway listening, and an echo function."""
    data = tempfile.mkdtemp(prefix="limits-", dir=lamb_root)
    server = LambServer(data, list(SHORT) + ["--gateway-port", "0"], name="limits").start()
    found = wait_for(lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), 30,
                     what="the gateway's start-up line")
    server.gateway_port = int(found.group(1))
    client = server.client()
    server.function = unique_name("limits")
    client.create_function(FunctionName=server.function, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                           Code={"ZipFile": make_zip({"app.py": ECHO})}, Timeout=60)
    yield server
    server.stop()


# ---------------------------------------------------------------------------------------------------------------
# Raw connections
# ---------------------------------------------------------------------------------------------------------------


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setblocking(False)
    return sock


def closed_by_server(sock):
    """True once the server has closed `sock` (EOF or reset); reads and discards whatever it sent before."""
    try:
        while True:
            ready, _, _ = select.select([sock], [], [], 0)
            if not ready:
                return False
            if sock.recv(65536) == b"":
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True


def exchange(port, data, deadline=CUT):
    """Sends `data` on a new connection and reads until the server closes it; returns (responses, closed), where
    responses are the status codes of the complete response heads received. `closed` is False if the server held
    the connection past `deadline`."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    received = b""
    closed = False
    try:
        sock.sendall(data)
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            ready, _, _ = select.select([sock], [], [], 0.2)
            if not ready:
                continue
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
    finally:
        sock.close()
    return [int(s) for s in re.findall(rb"(?:^|\r\n)HTTP/1\.[01] (\d{3})", received)], closed


class Responses(object):
    """Reads responses with Content-Length bodies, in order, from a blocking socket (keeps what arrives early)."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        assert chunk, "the server closed the connection before a whole response"
        self.buffer += chunk

    def next(self, deadline=CUT):
        """(status, headers, body) of the next response."""
        self.sock.settimeout(deadline)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(lines[0].split()[1]), headers, body


def invoke_request(name, body, version="HTTP/1.1", extra=""):
    return ("POST /2015-03-31/functions/%s/invocations %s\r\nHost: lamb\r\nContent-Length: %d\r\n%s\r\n%s"
            % (name, version, len(body), extra, body)).encode()


def still_serves(server):
    """A normal boto3 request works (the server is neither wedged nor out of connections)."""
    def works():
        try:
            server.client().list_functions()
            return True
        except Exception:  # noqa: BLE001 - a refused connection while the cap drains
            return False
    wait_for(works, CUT, 0.2, "a boto3 ListFunctions to succeed")


# ---------------------------------------------------------------------------------------------------------------
# Slow clients
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["api", "gateway"])
def test_slowloris_heads_are_cut(short, target):
    """Heads dribbled out a header line every half second (well inside any per-read timeout) are cut all the same:
    a head must be complete within the client timeout of its first byte."""
    port = short.port if target == "api" else short.gateway_port
    socks = [connect(port) for _ in range(100)]
    try:
        for sock in socks:
            sock.send(b"GET /_lamb/v1/health HTTP/1.1\r\nHost: lamb\r\n")
        open_socks = list(socks)
        end = time.monotonic() + CUT
        n = 0
        while open_socks and time.monotonic() < end:
            n += 1
            for sock in list(open_socks):
                try:
                    sock.send(b"X-Slow-%d: 1\r\n" % n)
                except (BrokenPipeError, ConnectionResetError, BlockingIOError):
                    pass
                if closed_by_server(sock):
                    open_socks.remove(sock)
            time.sleep(0.5)
    finally:
        for sock in socks:
            sock.close()
    assert not open_socks, "%d of 100 dribbling connections still open after %d s" % (len(open_socks), CUT)
    still_serves(short)


@pytest.mark.parametrize("shape", ["router", "fast path", "chunked", "gateway"])
def test_stalled_partial_bodies_are_cut(short, shape):
    """Bodies that stop half-way are cut, whichever part of Lamb was reading them; nothing is answered 5xx."""
    if shape == "router":
        port, head = short.port, b"POST /2015-03-31/functions HTTP/1.1\r\nHost: lamb\r\nContent-Length: 1000\r\n\r\n"
    elif shape == "fast path":
        port, head = short.port, (b"POST /2015-03-31/functions/%s/invocations HTTP/1.1\r\nHost: lamb\r\n"
                                  b"Content-Length: 1000\r\n\r\n" % short.function.encode())
    elif shape == "chunked":
        port, head = short.port, (b"POST /2015-03-31/functions/%s/invocations HTTP/1.1\r\nHost: lamb\r\n"
                                  b"Transfer-Encoding: chunked\r\n\r\n10\r\n" % short.function.encode())
    else:
        port, head = short.gateway_port, b"POST /anything HTTP/1.1\r\nHost: lamb\r\nContent-Length: 1000\r\n\r\n"
    socks = [connect(port) for _ in range(50)]
    try:
        for sock in socks:
            sock.send(head + b'{"partial": ')
        wait_for(lambda: all(closed_by_server(s) for s in socks), CUT, 0.2, "stalled bodies to be cut")
    finally:
        for sock in socks:
            sock.close()
    still_serves(short)


def test_a_slow_but_steady_body_is_not_cut(short):
    """The body's timeout is a pause between reads, not a total: a body arriving in pieces over longer than the
    client timeout is read and answered."""
    body = json.dumps({"pieces": "x" * 40})
    sock = socket.create_connection(("127.0.0.1", short.port), timeout=CUT)
    try:
        request = invoke_request(short.function, body)
        head, payload = request[: -len(body)], request[-len(body):]
        sock.sendall(head)
        for i in range(0, len(payload), 4):  # ~5 s in all, half a second between pieces
            sock.sendall(payload[i:i + 4])
            time.sleep(0.5)
        status, _, answer = Responses(sock).next()
    finally:
        sock.close()
    assert status == 200 and json.loads(answer) == json.loads(body)


def test_idle_keep_alive_connections_are_closed(short):
    sock = socket.create_connection(("127.0.0.1", short.port), timeout=CUT)
    sock.sendall(b"GET /_lamb/v1/health HTTP/1.1\r\nHost: lamb\r\n\r\n")
    status, _, _ = Responses(sock).next()
    assert status == 200
    sock.setblocking(False)
    wait_for(lambda: closed_by_server(sock), CUT, 0.2, "the idle connection to be closed")
    sock.close()
    # A fresh connection that never sends a byte is closed too.
    silent = connect(short.gateway_port)
    wait_for(lambda: closed_by_server(silent), CUT, 0.2, "the silent connection to be closed")
    silent.close()


@pytest.mark.parametrize("path", ["fast path", "router"])
def test_a_long_invocation_is_not_cut(short, path):
    """An invocation that runs longer than both timeouts gets its answer on the same connection, which then stays
    usable for the next request: the timeouts are about the client being slow, not Lamb."""
    # `Expect: 100-continue` leaves the invocation to the router instead of the fast path.
    extra = "Expect: 100-continue\r\n" if path == "router" else ""
    sock = socket.create_connection(("127.0.0.1", short.port), timeout=CUT)
    responses = Responses(sock)
    try:
        sock.sendall(invoke_request(short.function, json.dumps({"sleep": 7}), extra=extra))
        status, headers, body = responses.next(120)
        if status == 100:
            status, headers, body = responses.next(120)
        assert status == 200, body
        assert json.loads(body) == {"sleep": 7}
        sock.sendall(invoke_request(short.function, json.dumps({"again": 1})))
        status, _, body = responses.next()
        assert status == 200 and json.loads(body) == {"again": 1}
    finally:
        sock.close()
    # And through boto3, which keeps its connection in a pool.
    client = short.client()
    assert invoke(client, short.function, {"sleep": 7}, tail=False).payload == {"sleep": 7}
    assert invoke(client, short.function, {"n": 2}, tail=False).payload == {"n": 2}


# ---------------------------------------------------------------------------------------------------------------
# Closing after the response
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("request_text", [
    "GET /_lamb/v1/health HTTP/1.0\r\n\r\n",
    "GET /2015-03-31/functions HTTP/1.0\r\n\r\n",
    "GET /2015-03-31/functions HTTP/1.1\r\nHost: lamb\r\nConnection: close\r\n\r\n",
    "INVOKE",
], ids=["health 1.0", "router 1.0", "router close", "fast path 1.0"])
def test_http10_and_close_requests_are_closed_after_the_response(lamb, functions, request_text):
    """On the session's server (default timeouts: a minute idle), so a close within the deadline is the response's
    doing, not a timeout's."""
    if request_text == "INVOKE":
        request = invoke_request(functions.create({"app.py": ECHO}), "{}", version="HTTP/1.0")
    else:
        request = request_text.encode()
    statuses, closed = exchange(lamb.port, request, deadline=20)
    assert statuses == [200] and closed, (statuses, closed)


def test_gateway_http10_is_closed_after_the_response(short):
    statuses, closed = exchange(short.gateway_port, b"GET /nothing-here HTTP/1.0\r\n\r\n", deadline=20)
    assert len(statuses) == 1 and 400 <= statuses[0] < 500 and closed, (statuses, closed)


# ---------------------------------------------------------------------------------------------------------------
# Request smuggling and malformed framing
# ---------------------------------------------------------------------------------------------------------------

SMUGGLED = b"GET /_lamb/v1/health HTTP/1.1\r\nHost: lamb\r\n\r\n"
SHAPES = {
    "CL.TE": b"Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "TE.CL": b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\n" + SMUGGLED + b"\r\n0\r\n\r\n",
    "duplicate CL": b"Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" + SMUGGLED,
    "duplicate CL, same value": b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}" + SMUGGLED,
    "CL list": b"Content-Length: 2, 2\r\n\r\n{}" + SMUGGLED,
    "negative CL": b"Content-Length: -1\r\n\r\n" + SMUGGLED,
    "CL with sign": b"Content-Length: +2\r\n\r\n{}" + SMUGGLED,
    "bad chunk size": b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n" + SMUGGLED,
    "chunk size overflow": b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
    "bad chunk after a good one": b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n-3\r\n",
    "chunk without CRLF": b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n" + SMUGGLED,
    "TE obfuscated": b"Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "TE with space before colon": b"Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "TE chunked twice": b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "TE not last": b"Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "obs-fold": b"X-Folded: a\r\n  b\r\nContent-Length: 2\r\n\r\n{}",
    "obs-fold of TE": b"X-A: b\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "bare CR": b"X-A: a\rb\r\nContent-Length: 2\r\n\r\n{}",
    "NUL in a header": b"X-A: a\x00b\r\nContent-Length: 2\r\n\r\n{}",
    "space in a header name": b"X A: b\r\nContent-Length: 2\r\n\r\n{}",
}
TARGETS = {
    "router": b"POST /2015-03-31/functions HTTP/1.1\r\nHost: lamb\r\n",
    "fast path": b"POST /2015-03-31/functions/%s/invocations HTTP/1.1\r\nHost: lamb\r\n",
    "gateway": b"POST /anything HTTP/1.1\r\nHost: lamb\r\n",
}


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_smuggling_shapes_get_a_4xx_or_a_close(short, shape, target):
    """Each ambiguous framing is refused (4xx) or the connection closed — never a 5xx, never a hang — and a request
    hidden in the body is never answered as a second request."""
    head = TARGETS[target]
    if target == "fast path":
        head = head % short.function.encode()
    port = short.gateway_port if target == "gateway" else short.port
    statuses, closed = exchange(port, head + SHAPES[shape], deadline=CUT)
    assert all(s < 500 for s in statuses), statuses
    assert len(statuses) <= 1, "a smuggled request was answered: %s" % statuses
    assert closed, "the connection was held for %d s" % CUT
    still_serves(short)


def test_garbage_is_refused(short):
    for port in (short.port, short.gateway_port):
        for garbage in (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 64,
                        b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\r\n" * 1000 + b"\x00"):
            statuses, closed = exchange(port, garbage)
            assert all(400 <= s < 500 for s in statuses) and closed, (garbage[:20], statuses, closed)
    still_serves(short)


# ---------------------------------------------------------------------------------------------------------------
# Connection floods
# ---------------------------------------------------------------------------------------------------------------


def test_a_flood_beyond_the_cap_is_refused_at_once(lamb_servers):
    """With the default (30 s) client timeout, connections beyond `--max-connections` are closed long before any
    timeout could; the cap is logged once; once the flood ends the server serves again."""
    server = lamb_servers.start("--max-connections", "32")
    held = []
    try:
        for _ in range(232):
            held.append(connect(server.port))
        wait_for(lambda: sum(1 for s in held if closed_by_server(s)) >= 200, 15, 0.2,
                 "200 of 232 connections to be refused")
        wait_for(lambda: "connection limit reached" in server.log(), 15, 0.2, "the cap's log line")
        assert server.log().count("connection limit reached") == 1
    finally:
        for sock in held:
            sock.close()
    still_serves(server)
    wait_for(lambda: "accepts connections again" in server.log(), 15, 0.2, "the recovery log line")


def test_many_idle_connections_do_not_exhaust_the_server(short):
    """Hundreds of connections that never send a byte are all closed (a new connection's first head is due within
    the client timeout), and the server serves throughout."""
    socks = []
    try:
        for _ in range(300):
            socks.append(connect(short.port))
        wait_for(lambda: all(closed_by_server(s) for s in socks), CUT, 0.2, "idle connections to be closed")
    finally:
        for sock in socks:
            sock.close()
    still_serves(short)
