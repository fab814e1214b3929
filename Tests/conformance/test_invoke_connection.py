"""Invoke over one raw HTTP/1.1 connection: keep-alive, pipelining (answers in request order, whichever part of Lamb
answers each request), `Connection: close`, and the same headers as any other API response."""

import json
import socket

ECHO = "def handler(event, context):\n    return event\n"


def _read_response(sock, buffered):
    """One HTTP response (Content-Length bodies only) from `sock`; returns (status, headers, body, rest)."""
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before a response head"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed inside a body"
        rest += chunk
    return status, headers, rest[:length], rest[length:]


def _post_invoke(name, body, extra="", query=""):
    return (
        "POST /2015-03-31/functions/%s/invocations%s HTTP/1.1\r\nHost: lamb\r\nContent-Type: application/json\r\n"
        "Content-Length: %d\r\n%s\r\n%s" % (name, query, len(body), extra, body)
    ).encode()


def _get_function(name):
    return ("GET /2015-03-31/functions/%s HTTP/1.1\r\nHost: lamb\r\n\r\n" % name).encode()


def test_pipelined_requests_are_answered_in_order(lamb, functions):
    name = functions.create({"app.py": ECHO})
    sock = socket.create_connection(("127.0.0.1", lamb.port), timeout=30)
    try:
        # Invoke, a control-plane read, a bad invoke, an unknown function, and invoke again: all in one write.
        sock.sendall(
            _post_invoke(name, '{"n": 1}') + _get_function(name) + _post_invoke(name, "not json")
            + _post_invoke("no-such-function-here", "{}") + _post_invoke(name, '{"n": 2}'))
        rest = b""
        answers = []
        for _ in range(5):
            status, headers, body, rest = _read_response(sock, rest)
            answers.append((status, headers, body))
    finally:
        sock.close()
    assert [a[0] for a in answers] == [200, 200, 400, 404, 200]
    assert json.loads(answers[0][2]) == {"n": 1}
    assert json.loads(answers[1][2])["Configuration"]["FunctionName"] == name
    assert answers[2][1]["x-amzn-errortype"] == "InvalidRequestContentException"
    assert answers[3][1]["x-amzn-errortype"] == "ResourceNotFoundException"
    assert json.loads(answers[4][2]) == {"n": 2}
    for status, headers, _ in answers:
        assert headers["x-amzn-requestid"]
        assert headers["date"].endswith("GMT")


def test_connection_close_is_honoured(lamb, functions):
    name = functions.create({"app.py": ECHO})
    sock = socket.create_connection(("127.0.0.1", lamb.port), timeout=30)
    try:
        sock.sendall(_post_invoke(name, '{"bye": true}', "Connection: close\r\n"))
        status, headers, body, rest = _read_response(sock, b"")
        assert status == 200 and json.loads(body) == {"bye": True}
        assert headers.get("connection", "").lower() == "close"
        assert sock.recv(1) == b"" and rest == b""  # the server closed its end
    finally:
        sock.close()


def test_invoke_by_arn_and_qualifier_in_the_query(lamb, functions, lam):
    name = functions.create({"app.py": ECHO})
    version = lam.publish_version(FunctionName=name)["Version"]
    arn = lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"].replace(":", "%3A")
    sock = socket.create_connection(("127.0.0.1", lamb.port), timeout=30)
    try:
        sock.sendall(_post_invoke(arn, '{"v": 1}', query="?Qualifier=" + version))
        status, headers, body, _ = _read_response(sock, b"")
    finally:
        sock.close()
    assert status == 200, body
    assert headers["x-amz-executed-version"] == version
    assert json.loads(body) == {"v": 1}
