"""The gateway over raw HTTP/1.1 connections: requests for a function are answered in front of the router (the
gateway's fast path) and everything else by the router behind it, and a client cannot tell which: the same bytes
for the same request, answers in request order on a pipelined connection, `Connection: close`, chunked bodies, HEAD.

The fast path leaves requests with an `Expect` header to the router, so sending a request once without and once with
`Expect: 100-continue` (its body sent at once, as a client that does not wait for `100 Continue` does) compares the
two paths on the same request; the function leaves that header out of what it echoes.
"""

import json
import re
import socket

import pytest

from conftest import serve_project

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.11
    CodeUri: src/
Resources:
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.echo
      FunctionUrlConfig:
        AuthType: NONE
        Cors:
          AllowOrigins: ["https://example.com"]
          AllowMethods: ["GET", "POST"]
      Events:
        Items:
          Type: HttpApi
          Properties:
            Path: /items/{id}
            Method: any
        Orders:
          Type: Api
          Properties:
            Path: /orders/{id}
            Method: any
"""

APP = """\
import json

VOLATILE = {"requestId", "extendedRequestId", "requestTime", "requestTimeEpoch", "time", "timeEpoch"}

def echo(event, context):
    event = dict(event)
    for key in ("headers", "multiValueHeaders"):
        if event.get(key):
            event[key] = {k: v for k, v in event[key].items() if k.lower() != "expect"}
    event["requestContext"] = {k: v for k, v in event["requestContext"].items() if k not in VOLATILE}
    result = {"statusCode": 201, "headers": {"content-type": "application/json", "x-echo": "yes", "Date": "theirs"},
              "multiValueHeaders": {"set-cookie": ["a=1", "b=2"]}, "body": json.dumps(event, sort_keys=True)}
    if event.get("version") == "2.0":
        result["cookies"] = ["c=3"]
    return result
"""

# Headers whose values differ from one request to the next.
VOLATILE_HEADERS = {"date", "x-amzn-requestid", "x-amz-apigw-id", "apigw-requestid"}


@pytest.fixture(scope="module")
def gateway(lamb_root):
    server = serve_project(lamb_root, {"template.yaml": TEMPLATE, "src/app.py": APP},
                           ["--gateway-port", "0", "--no-watch"], name="gateway-connection")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def url_id(gateway):
    url = gateway.client().get_function_url_config(FunctionName="EchoFunction")["FunctionUrl"]
    return re.match(r"http://([a-z0-9]+)\.lambda-url\.", url).group(1)


def port(gateway):
    return int(gateway.gateway.rsplit(":", 1)[1])


def read_response(sock, buffered, head_request=False):
    """One response (Content-Length framing) from `sock`: (status line, [(name, value)], body, rest)."""
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before a response head"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = [(name, value.strip()) for name, _, value in (line.partition(":") for line in lines[1:])]
    length = 0 if head_request else int(dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed inside a body"
        rest += chunk
    return lines[0], headers, rest[:length], rest[length:]


def exchange(gateway, raw, head_request=False):
    with socket.create_connection(("127.0.0.1", port(gateway)), timeout=60) as sock:
        sock.sendall(raw)
        status, headers, body, _ = read_response(sock, b"", head_request)
    return status, headers, body


def request(method, target, headers=(), body=b"", expect=False):
    lines = ["%s %s HTTP/1.1" % (method, target), "Host: 127.0.0.1"] + ["%s: %s" % h for h in headers]
    if body or method in ("POST", "PUT"):
        lines.append("Content-Length: %d" % len(body))
    if expect:
        lines.append("Expect: 100-continue")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def comparable(answer):
    status, headers, body = answer
    return status, [(k, v) for k, v in headers if k.lower() not in VOLATILE_HEADERS], body


CASES = [
    ("POST", "/items/42?color=red&color=blue", [("Cookie", "s=1; t=2"), ("Content-Type", "application/json"),
                                                  ("X-Dup", "1"), ("x-dup", "2")], b'{"a": 1}'),
    ("GET", "/items/a%20b", [("User-Agent", "raw/1"), ("Origin", "https://example.com")], b""),
    ("HEAD", "/items/7", [], b""),
    ("PUT", "/Prod/orders/9?x=1", [("Content-Type", "image/png")], b"\x00\x01binary"),
    ("DELETE", "/orders/9", [("Accept", "text/html"), ("accept", "*/*")], b""),
    ("POST", "/lambda-url/{url}/deep/path?q=%20", [("Content-Type", "text/plain"), ("Origin", "https://example.com")],
     b"hello"),
    ("GET", "/lambda-url/{url}", [("Cookie", "only=1")], b""),
]


@pytest.mark.parametrize("method, target, headers, body", CASES, ids=[c[0] + " " + c[1] for c in CASES])
def test_the_fast_path_and_the_router_answer_alike(gateway, url_id, method, target, headers, body):
    target = target.replace("{url}", url_id)
    head = method == "HEAD"
    fast = exchange(gateway, request(method, target, headers, body), head)
    routed = exchange(gateway, request(method, target, headers, body, expect=True), head)
    assert fast[0].startswith("HTTP/1.1 201"), fast
    assert comparable(fast) == comparable(routed)
    names = [k.lower() for k, _ in fast[1]]
    assert names.count("date") == 1 and "content-length" in names


def test_pipelined_requests_are_answered_in_order(gateway, url_id):
    url = "/lambda-url/%s/" % url_id
    with socket.create_connection(("127.0.0.1", port(gateway)), timeout=60) as sock:
        # Fast path, router (no route), router (a URL's CORS preflight), fast path (HEAD), fast path: one write.
        sock.sendall(
            request("POST", url + "one", body=b"1") + request("GET", "/nowhere")
            + request("OPTIONS", url, [("Origin", "https://example.com"), ("Access-Control-Request-Method", "POST")])
            + request("HEAD", url + "head") + request("POST", url + "two", body=b"2"))
        rest = b""
        answers = []
        for head_request in (False, False, False, True, False):
            status, headers, body, rest = read_response(sock, rest, head_request)
            answers.append((status.split(" ")[1], body))
    assert [a[0] for a in answers] == ["201", "404", "200", "201", "201"]
    assert json.loads(answers[0][1])["rawPath"] == "/one"
    assert json.loads(answers[4][1])["rawPath"] == "/two"


def test_connection_close_is_honoured(gateway, url_id):
    with socket.create_connection(("127.0.0.1", port(gateway)), timeout=60) as sock:
        sock.sendall(request("POST", "/lambda-url/%s/" % url_id, [("Connection", "close"), ("Content-Type", "text/plain")], b"bye"))
        status, _, body, rest = read_response(sock, b"")
        assert status.startswith("HTTP/1.1 201") and json.loads(body)["body"] == "bye"
        assert sock.recv(1) == b"" and rest == b""  # the server closed its end


def test_a_chunked_body_reaches_the_function(gateway, url_id):
    raw = ("POST /lambda-url/%s/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
           "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n" % url_id).encode()
    status, _, body = exchange(gateway, raw)
    assert status.startswith("HTTP/1.1 201")
    assert json.loads(body)["body"] == "hello world"


def test_a_chunked_body_over_the_limit_is_refused_and_the_connection_serves_on(gateway, url_id):
    chunk = b"x" * (1 << 20)
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(7)) + b"0\r\n\r\n"
    head = ("POST /lambda-url/%s/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" % url_id).encode()
    with socket.create_connection(("127.0.0.1", port(gateway)), timeout=60) as sock:
        sock.sendall(head + body + request("GET", "/lambda-url/%s/after" % url_id))
        status, _, answer, rest = read_response(sock, b"")
        assert status.startswith("HTTP/1.1 413")
        assert json.loads(answer)["Message"].startswith("Request must be smaller than 6291456 bytes")
        status, _, answer, _ = read_response(sock, rest)
        assert status.startswith("HTTP/1.1 201") and json.loads(answer)["rawPath"] == "/after"
