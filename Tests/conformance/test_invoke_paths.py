"""Two ways into a synchronous Invoke answer alike.

A plain `POST .../invocations` is answered on the connection's event loop by Lamb's fast path; the same request with
`Expect: 100-continue` (or any shape the fast path does not claim) goes through the router. Both must give the
caller the same status, the same headers (only `Date` and the request id differ) and the same body, for successes,
function errors, log tails and every refusal, so that no client can tell which one answered.
"""

import base64
import json
import socket

import pytest

from conftest import unique_name, make_zip, ROLE, RUNTIME

APP = (
    "def handler(event, context):\n"
    "    print('seen', event)\n"
    "    if event.get('fail'):\n"
    "        raise ValueError('asked to fail')\n"
    "    return {'echo': event}\n"
)


@pytest.fixture(scope="module")
def function(lam):
    name = unique_name("paths")
    lam.create_function(FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                        Code={"ZipFile": make_zip({"app.py": APP})})
    yield name
    lam.delete_function(FunctionName=name)


def ask(port, path, body, headers, router):
    """(status, headers without Date and request ids, body) of one request on a fresh connection."""
    extra = "".join("%s: %s\r\n" % item for item in headers.items())
    if router:
        extra += "Expect: 100-continue\r\n"
    head = ("POST %s HTTP/1.1\r\nHost: lamb\r\nContent-Length: %d\r\n%s\r\n" % (path, len(body), extra)).encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        sock.sendall(head + body)  # without waiting for `100 Continue` (curl waits only a second for it either)
        received = b""
        while True:
            while b"\r\n\r\n" not in received:
                chunk = sock.recv(65536)
                assert chunk, "closed before a response"
                received += chunk
            if not received.startswith(b"HTTP/1.1 100"):
                break
            received = received.partition(b"\r\n\r\n")[2]  # an interim answer to `Expect`
        raw_head, _, rest = received.partition(b"\r\n\r\n")
        lines = raw_head.decode("latin-1").split("\r\n")
        fields = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            fields[key.strip().lower()] = value.strip()
        length = int(fields["content-length"])
        while len(rest) < length:
            chunk = sock.recv(65536)
            assert chunk, "closed inside the body"
            rest += chunk
    finally:
        sock.close()
    assert "date" in fields, fields
    for varying in ("date", "x-amzn-requestid"):
        fields.pop(varying, None)
    body = rest[:length]
    if fields.get("x-amz-function-error"):  # a function error names its request id
        body = json.dumps({k: v for k, v in json.loads(body).items() if k != "requestId"}).encode()
    if "x-amz-log-result" in fields:  # the tail names the request id: compare it without
        tail = base64.b64decode(fields.pop("x-amz-log-result")).decode()
        fields["tail-lines"] = [line.split("\t")[-1] for line in tail.splitlines() if "seen" in line]
    return int(lines[0].split()[1]), fields, body


CASES = {
    "success": ("", b'{"a": 1}', {}),
    "empty payload": ("", b"", {}),
    "function error": ("", b'{"fail": true}', {}),
    "log tail": ("", b'{"t": 2}', {"X-Amz-Log-Type": "Tail"}),
    "qualifier": ("?Qualifier=%24LATEST", b"{}", {}),
    "not JSON": ("", b"{nope", {}),
    "bad log type": ("", b"{}", {"X-Amz-Log-Type": "Loud"}),
    "bad client context": ("", b"{}", {"X-Amz-Client-Context": "not base64!"}),
    "unknown version": ("?Qualifier=42", b"{}", {}),
    "too large": ("", b'"' + b"x" * (6 * 1024 * 1024) + b'"', {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fast_path_and_router_answer_alike(lamb, function, case):
    query, body, headers = CASES[case]
    port = int(lamb.endpoint.rsplit(":", 1)[1])
    path = "/2015-03-31/functions/%s/invocations%s" % (function, query)
    fast = ask(port, path, body, headers, router=False)
    routed = ask(port, path, body, headers, router=True)
    assert fast == routed


def test_unknown_function_alike(lamb):
    port = int(lamb.endpoint.rsplit(":", 1)[1])
    path = "/2015-03-31/functions/%s/invocations" % unique_name("missing")
    fast = ask(port, path, b"{}", {}, router=False)
    assert fast[0] == 404 and json.loads(fast[2])["Type"] == "User"
    assert fast == ask(port, path, b"{}", {}, router=True)
