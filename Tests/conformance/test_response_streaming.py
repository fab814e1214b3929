"""Response streaming through boto3 and curl: InvokeWithResponseStream reading a Node.js function's
`awslambda.streamifyResponse` stream, a custom runtime's stream written straight to the Runtime API (with the
streaming mode header and chunked coding, errors in trailers), and a buffered Python function (one chunk); and a
Function URL with `InvokeMode: RESPONSE_STREAM` answering as the function writes.

That a chunk is streamed, not buffered, is proved by order, never by timing: the function writes its first chunk,
then blocks on the test's gate (conftest.py); the test reads that chunk before it opens the gate.
"""

import base64
import json
import os
import re
import shutil
import socket
import subprocess

import pytest

from conftest import NODE_RUNTIME, RUNTIME, wait_for

PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else None


needs_node = pytest.mark.skipif(NODE_RUNTIME is None, reason="no node with a Lambda runtime (18, 20, 22, 24) here")
needs_python = pytest.mark.skipif(PYTHON is None, reason="no /usr/bin/python3 for the custom runtime's bootstrap")

NODE_STREAMING = """
const wait = async (url) => { if (url) await (await fetch(url)).text(); };
export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  responseStream.setContentType('text/plain');
  responseStream.write('one|');
  await wait(event.gate);
  if (event.fail) throw new RangeError('broke after one chunk');
  if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
  responseStream.write('two|');
  responseStream.write(context.awsRequestId);
  responseStream.end();
});
"""

NODE_HTTP = """
const wait = async (url) => { if (url) await (await fetch(url)).text(); };
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const gate = event.queryStringParameters?.gate;
  responseStream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 203, headers: { 'content-type': 'text/plain', 'x-streamed': 'yes' }, cookies: ['flavour=oat'],
  });
  responseStream.write('first chunk|');
  await wait(gate);
  responseStream.write('second chunk');
  responseStream.end();
});
"""

# A custom runtime that streams through the Runtime API itself: chunks as separate writes, the gate between them,
# and an error in the trailers when the event asks for one.
BOOTSTRAP = r"""#!/usr/bin/python3
import base64, json, os, socket, urllib.request

HOST, PORT = os.environ["AWS_LAMBDA_RUNTIME_API"].rsplit(":", 1)
API = "/2018-06-01/runtime"

def next_event():
    with urllib.request.urlopen("http://%s:%s%s/invocation/next" % (HOST, PORT, API)) as response:
        return response.headers["Lambda-Runtime-Aws-Request-Id"], json.loads(response.read())

def read_answer(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    return data.split(b" ", 2)[1]

while True:
    request_id, event = next_event()
    sock = socket.create_connection((HOST, int(PORT)))
    sock.sendall((
        "POST %s/invocation/%s/response HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-custom\r\n"
        "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
        "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n"
        % (API, request_id)).encode())
    def chunk(data):
        sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))
    chunk(b"alpha|")
    if event.get("gate"):
        urllib.request.urlopen(event["gate"], timeout=150).read()
    chunk(b"beta")
    if event.get("fail"):
        body = base64.b64encode(json.dumps({"errorType": "Custom.StreamError", "errorMessage": "gave up"}).encode())
        sock.sendall(b"0\r\nLambda-Runtime-Function-Error-Type: Custom.StreamError\r\n"
                     b"Lambda-Runtime-Function-Error-Body: " + body + b"\r\n\r\n")
    else:
        sock.sendall(b"0\r\n\r\n")
    status = read_answer(sock)
    print("posted", request_id, status.decode(), flush=True)
    sock.close()
"""

PYTHON_BUFFERED = """
def handler(event, context):
    if event.get("fail"):
        raise ValueError("buffered failure")
    return {"hello": event.get("name", "world")}
"""


def stream_of(lam, name, payload, **kwargs):
    return lam.invoke_with_response_stream(FunctionName=name, Payload=json.dumps(payload).encode(), **kwargs)


def events_of(response):
    chunks, complete = [], None
    for event in response["EventStream"]:
        if "PayloadChunk" in event:
            chunks.append(event["PayloadChunk"]["Payload"])
        elif "InvokeComplete" in event:
            complete = event["InvokeComplete"]
    return chunks, complete


def read_first_then_open(response, gate, key):
    """Reads the stream's first event while the function still waits on the gate, then opens it; returns every
    chunk and the InvokeComplete event."""
    stream = iter(response["EventStream"])
    first = next(stream)
    assert "PayloadChunk" in first, first
    # The function is still blocked on the gate: the chunk was sent as it was written.
    wait_for(lambda: gate.count(key) == 1, 30, what="the function to reach the gate")
    gate.open(key)
    chunks, complete = [first["PayloadChunk"]["Payload"]], None
    for event in stream:
        if "PayloadChunk" in event:
            chunks.append(event["PayloadChunk"]["Payload"])
        elif "InvokeComplete" in event:
            complete = event["InvokeComplete"]
    return chunks, complete


# -- InvokeWithResponseStream ----------------------------------------------------------------------------------


@needs_node
def test_node_stream_arrives_chunk_by_chunk(lam, functions, gate):
    name = functions.create({"index.mjs": NODE_STREAMING}, runtime=NODE_RUNTIME, handler="index.handler")
    response = stream_of(lam, name, {"gate": gate.wait_url("node-stream")}, LogType="Tail")
    assert response["StatusCode"] == 200 and response["ExecutedVersion"] == "$LATEST"
    assert response["ResponseStreamContentType"] == "application/vnd.amazon.eventstream"
    request_id = response["ResponseMetadata"]["RequestId"]
    chunks, complete = read_first_then_open(response, gate, "node-stream")
    assert chunks[0] == b"one|"
    assert b"".join(chunks) == b"one|two|" + request_id.encode()
    assert "ErrorCode" not in complete
    log = base64.b64decode(complete["LogResult"]).decode()
    assert "REPORT RequestId: %s" % request_id in log
    # The invocation is over once the stream has ended: the next one is warm.
    again = stream_of(lam, name, {})
    chunks, complete = events_of(again)
    assert b"".join(chunks).startswith(b"one|two|") and "ErrorCode" not in complete


@needs_node
def test_node_error_mid_stream_ends_with_the_error(lam, functions):
    name = functions.create({"index.mjs": NODE_STREAMING}, runtime=NODE_RUNTIME, handler="index.handler")
    chunks, complete = events_of(stream_of(lam, name, {"fail": True}))
    assert b"".join(chunks) == b"one|"
    assert complete["ErrorCode"] == "RangeError"
    assert complete["ErrorDetails"] == "broke after one chunk"
    # Invoke (buffered) of the same function gathers the stream, and reports the error as Invoke does.
    invoked = lam.invoke(FunctionName=name, Payload=json.dumps({}).encode())
    assert "FunctionError" not in invoked
    assert invoked["Payload"].read().startswith(b"one|two|")
    failed = lam.invoke(FunctionName=name, Payload=json.dumps({"fail": True}).encode())
    assert failed["FunctionError"] == "Unhandled"
    assert json.loads(failed["Payload"].read())["errorType"] == "RangeError"


@needs_node
def test_stream_that_outlasts_the_timeout_ends_with_it(lam, functions):
    name = functions.create({"index.mjs": NODE_STREAMING}, runtime=NODE_RUNTIME, handler="index.handler", Timeout=1)
    chunks, complete = events_of(stream_of(lam, name, {"hang": True}, LogType="Tail"))
    assert b"".join(chunks) == b"one|"
    assert complete["ErrorCode"] == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in base64.b64decode(complete["LogResult"]).decode()
    # The timed-out environment was replaced; the function still serves.
    chunks, complete = events_of(stream_of(lam, name, {}))
    assert b"".join(chunks).startswith(b"one|two|") and "ErrorCode" not in complete


@needs_python
def test_custom_runtime_streams_through_the_runtime_api(lam, functions, gate):
    name = functions.create({"bootstrap": BOOTSTRAP}, runtime="provided.al2023", handler="stream.handler")
    response = stream_of(lam, name, {"gate": gate.wait_url("custom-stream")})
    chunks, complete = read_first_then_open(response, gate, "custom-stream")
    assert chunks[0] == b"alpha|"
    assert b"".join(chunks) == b"alpha|beta"
    assert complete == {} or "ErrorCode" not in complete
    chunks, complete = events_of(stream_of(lam, name, {"fail": True}))
    assert b"".join(chunks) == b"alpha|beta"
    assert complete["ErrorCode"] == "Custom.StreamError" and complete["ErrorDetails"] == "gave up"
    # The runtime had its 202 for both posts, and its environment served them warm.
    history = stream_of(lam, name, {})
    assert b"".join(events_of(history)[0]) == b"alpha|beta"


def test_buffered_function_is_one_chunk(lam, functions):
    name = functions.create({"app.py": PYTHON_BUFFERED}, runtime=RUNTIME)
    chunks, complete = events_of(stream_of(lam, name, {"name": "stream"}))
    assert chunks == [b'{"hello": "stream"}']
    assert complete == {} or "ErrorCode" not in complete
    chunks, complete = events_of(stream_of(lam, name, {"fail": True}))
    assert chunks == []
    assert complete["ErrorCode"] == "ValueError" and complete["ErrorDetails"] == "buffered failure"


def test_qualifiers_dry_run_and_refusals(lam, functions):
    name = functions.create({"app.py": PYTHON_BUFFERED}, runtime=RUNTIME)
    version = lam.publish_version(FunctionName=name)["Version"]
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    response = stream_of(lam, name, {}, Qualifier="live")
    assert response["ExecutedVersion"] == version
    assert b"".join(events_of(response)[0]) == b'{"hello": "world"}'
    dry = stream_of(lam, name, {}, InvocationType="DryRun")
    assert dry["StatusCode"] == 204
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        stream_of(lam, name + "-missing", {})
    with pytest.raises(lam.exceptions.InvalidRequestContentException):
        lam.invoke_with_response_stream(FunctionName=name, Payload=b"not json")


# -- Function URLs with InvokeMode RESPONSE_STREAM ---------------------------------------------------------------


@pytest.fixture(scope="module")
def gateway_server(module_servers):
    server = module_servers.start("--gateway-port", "0")
    found = wait_for(lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), 30,
                     what="the gateway's start-up line")
    server.gateway_port = int(found.group(1))
    return server


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        more = sock.recv(65536)
        assert more, "the connection closed before the head: %r" % data
        data += more
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers.setdefault(key.strip().lower(), []).append(value.strip())
    return int(lines[0].split()[1]), headers, rest


def read_chunk(sock, pending):
    """One chunk of a chunked body: (data, pending bytes); data is b"" for the last chunk."""
    while b"\r\n" not in pending:
        pending += sock.recv(65536)
    size_line, pending = pending.split(b"\r\n", 1)
    size = int(size_line.split(b";")[0], 16)
    while len(pending) < size + 2:
        pending += sock.recv(65536)
    return pending[:size], pending[size + 2:]


@needs_node
def test_function_url_streams_with_the_prelude(gateway_server, gate, functions_on):
    lam = gateway_server.client()
    name = functions_on(gateway_server).create({"index.mjs": NODE_HTTP}, runtime=NODE_RUNTIME,
                                                handler="index.handler")
    url = lam.create_function_url_config(FunctionName=name, AuthType="NONE", InvokeMode="RESPONSE_STREAM")
    url_id = re.match(r"http://([a-z0-9]+)\.lambda-url\.", url["FunctionUrl"]).group(1)
    key = "url-stream"
    sock = socket.create_connection(("127.0.0.1", gateway_server.gateway_port), timeout=60)
    try:
        sock.sendall(("GET /lambda-url/%s/?gate=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      % (url_id, gate.wait_url(key))).encode())
        status, headers, pending = read_head(sock)
        assert status == 203
        assert headers["content-type"] == ["text/plain"] and headers["x-streamed"] == ["yes"]
        assert headers["set-cookie"] == ["flavour=oat"]
        assert headers.get("transfer-encoding") == ["chunked"], headers
        first, pending = read_chunk(sock, pending)
        # Read while the function waits on the gate: the answer is streamed as the function writes.
        assert first == b"first chunk|"
        wait_for(lambda: gate.count(key) == 1, 30, what="the function to reach the gate")
        gate.open(key)
        body = first
        while True:
            data, pending = read_chunk(sock, pending)
            if not data:
                break
            body += data
        assert body == b"first chunk|second chunk"
    finally:
        sock.close()


@needs_node
def test_function_url_stream_without_prelude_and_with_curl(gateway_server, functions_on):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    lam = gateway_server.client()
    name = functions_on(gateway_server).create({"index.mjs": NODE_STREAMING}, runtime=NODE_RUNTIME,
                                                handler="index.handler")
    url = lam.create_function_url_config(FunctionName=name, AuthType="NONE", InvokeMode="RESPONSE_STREAM")
    url_id = re.match(r"http://([a-z0-9]+)\.lambda-url\.", url["FunctionUrl"]).group(1)
    done = subprocess.run(
        ["curl", "-sS", "-N", "-D", "-", "http://127.0.0.1:%d/lambda-url/%s/" % (gateway_server.gateway_port, url_id)],
        capture_output=True, timeout=60)
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    assert b"content-type: text/plain" in head.lower()
    assert body.startswith(b"one|two|")


def test_function_url_stream_mode_with_a_buffered_function(gateway_server, functions_on):
    import urllib.request

    lam = gateway_server.client()
    name = functions_on(gateway_server).create({"app.py": PYTHON_BUFFERED}, runtime=RUNTIME)
    url = lam.create_function_url_config(FunctionName=name, AuthType="NONE", InvokeMode="RESPONSE_STREAM")
    url_id = re.match(r"http://([a-z0-9]+)\.lambda-url\.", url["FunctionUrl"]).group(1)
    with urllib.request.urlopen("http://127.0.0.1:%d/lambda-url/%s/" % (gateway_server.gateway_port, url_id)) as r:
        assert r.status == 200 and json.loads(r.read()) == {"hello": "world"}
