"""The HTTP gateway: template routes (REST and HTTP APIs) and Function URLs, reached with plain HTTP clients.

Each test module's server runs a small SAM project with `--gateway-port 0`; the start-up line says which port the
gateway took. Event fields are compared with the shapes AWS documents for payload formats 1.0 and 2.0.
"""

import json
import re
import threading
import urllib.error
import urllib.request

import pytest

from conftest import serve_project, wait_for

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
      Events:
        Items:
          Type: HttpApi
          Properties:
            Path: /items/{id}
            Method: get
        Orders:
          Type: Api
          Properties:
            Path: /orders
            Method: post
        Proxy:
          Type: Api
          Properties:
            Path: /files/{proxy+}
            Method: any
  ShortcutFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.shortcut
      Events:
        Plain:
          Type: HttpApi
          Properties:
            Path: /plain
            Method: get
  SlowFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.slow
      Timeout: 60
      Events:
        Slow:
          Type: Api
          Properties:
            Path: /slow
            Method: get
  UrlFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.shortcut
      FunctionUrlConfig:
        AuthType: NONE
        Cors:
          AllowOrigins: ["https://example.com"]
          AllowMethods: ["GET", "POST"]
  FailingFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.fail
      Events:
        Boom:
          Type: HttpApi
          Properties:
            Path: /boom
            Method: get
  SleepyFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.sleepy
      Timeout: 30
      Events:
        Sleep:
          Type: HttpApi
          Properties:
            Path: /sleep
            Method: get
"""

APP = """\
import json, time

def echo(event, context):
    return {"statusCode": 201, "headers": {"content-type": "application/json", "x-echo": "yes"},
            "multiValueHeaders": {"set-cookie": ["a=1", "b=2"]}, "body": json.dumps(event)}

def shortcut(event, context):
    return {"hello": "world"}

def fail(event, context):
    raise RuntimeError("boom")

def slow(event, context):
    time.sleep(32)
    return {"statusCode": 200, "body": "too late"}

def sleepy(event, context):
    time.sleep(1)
    return {"statusCode": 200, "body": context.aws_request_id}
"""


@pytest.fixture(scope="module")
def gateway(lamb_root):
    server = serve_project(lamb_root, {"template.yaml": TEMPLATE, "src/app.py": APP},
                           ["--gateway-port", "0", "--no-watch"], name="gateway")
    yield server
    server.stop()


def http(url, method="GET", body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_routes_are_listed_at_start_up(gateway):
    log = gateway.log()
    assert "GET /items/{id} -> EchoFunction" in log
    assert "POST /orders -> EchoFunction" in log


def test_http_api_route_sends_a_version_2_event(gateway):
    status, headers, body = http(gateway.gateway + "/items/42?color=red&color=blue&size=M",
                                 headers={"Cookie": "session=abc; theme=dark", "X-Trace": "t1"})
    assert status == 201
    assert headers["x-echo"] == "yes"
    assert headers.get_all("set-cookie") == ["a=1", "b=2"]
    event = json.loads(body)
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /items/{id}"
    assert event["rawPath"] == "/items/42"
    assert event["rawQueryString"] == "color=red&color=blue&size=M"
    assert event["queryStringParameters"] == {"color": "red,blue", "size": "M"}
    assert event["pathParameters"] == {"id": "42"}
    assert event["cookies"] == ["session=abc", "theme=dark"]
    assert event["headers"]["x-trace"] == "t1"
    assert event["headers"]["host"].startswith("127.0.0.1:")
    assert event["requestContext"]["http"]["method"] == "GET"
    assert event["requestContext"]["http"]["path"] == "/items/42"
    assert event["requestContext"]["stage"] == "$default"
    assert event["isBase64Encoded"] is False


def test_rest_api_route_sends_a_version_1_event(gateway):
    status, _, body = http(gateway.gateway + "/orders?x=1", method="POST", body=b'{"qty": 2}',
                           headers={"Content-Type": "application/json"})
    assert status == 201
    event = json.loads(body)
    assert event["resource"] == "/orders"
    assert event["path"] == "/orders"
    assert event["httpMethod"] == "POST"
    assert event["headers"]["Host"].startswith("127.0.0.1:")
    assert event["body"] == '{"qty": 2}'
    assert event["isBase64Encoded"] is False
    assert event["queryStringParameters"] == {"x": "1"}
    assert event["multiValueQueryStringParameters"] == {"x": ["1"]}
    assert event["pathParameters"] is None
    assert event["requestContext"]["httpMethod"] == "POST"
    assert event["requestContext"]["resourcePath"] == "/orders"


def test_greedy_proxy_path(gateway):
    status, _, body = http(gateway.gateway + "/files/a/b/c.txt", method="DELETE")
    assert status == 201
    event = json.loads(body)
    assert event["resource"] == "/files/{proxy+}"
    assert event["pathParameters"] == {"proxy": "a/b/c.txt"}


def test_version_2_shortcut_result(gateway):
    status, headers, body = http(gateway.gateway + "/plain")
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"hello": "world"}


def test_function_error_is_a_502(gateway):
    status, _, body = http(gateway.gateway + "/boom")
    assert status == 500 or status == 502
    assert json.loads(body)["message"].lower() == "internal server error"


def test_unknown_routes(gateway):
    status, _, body = http(gateway.gateway + "/nowhere")
    assert status in (403, 404)
    assert "message" in json.loads(body)


def test_function_url_by_host_name_and_by_path(gateway):
    client = gateway.client()
    url = client.create_function_url_config(FunctionName="ShortcutFunction", AuthType="NONE")["FunctionUrl"]
    url_id = re.match(r"http://([a-z0-9]+)\.lambda-url\.", url).group(1)
    status, _, body = http(gateway.gateway + "/anything?q=1",
                           headers={"Host": "%s.lambda-url.us-east-1.localhost" % url_id})
    assert status == 200 and json.loads(body) == {"hello": "world"}
    status, _, body = http(gateway.gateway + "/lambda-url/%s/anything" % url_id)
    assert status == 200 and json.loads(body) == {"hello": "world"}


def test_function_url_event_shape(gateway):
    client = gateway.client()
    url = client.create_function_url_config(FunctionName="EchoFunction", AuthType="NONE")["FunctionUrl"]
    url_id = re.match(r"http://([a-z0-9]+)\.lambda-url\.", url).group(1)
    status, _, body = http(gateway.gateway + "/lambda-url/%s/some/path?a=b" % url_id)
    assert status == 201
    event = json.loads(body)
    assert event["version"] == "2.0" and event["routeKey"] == "$default"
    assert event["rawPath"] == "/some/path" and event["rawQueryString"] == "a=b"
    assert event["requestContext"]["domainPrefix"] == url_id
    assert event["requestContext"]["accountId"] == "anonymous"


def test_concurrent_requests_scale_out_environments(gateway):
    results = []

    def call():
        results.append(http(gateway.gateway + "/sleep"))

    threads = [threading.Thread(target=call) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r[0] for r in results] == [200] * 32
    assert len({r[2] for r in results}) == 32  # 32 distinct request ids
    envs = [e for e in gateway.environments("SleepyFunction")]
    assert len(envs) >= 32


def test_function_url_from_the_template_with_cors(gateway):
    config = gateway.client().get_function_url_config(FunctionName="UrlFunction")
    assert config["AuthType"] == "NONE"
    assert config["Cors"]["AllowOrigins"] == ["https://example.com"]
    url_id = re.match(r"http://([a-z0-9]+)\.lambda-url\.", config["FunctionUrl"]).group(1)
    assert "URL %s" % config["FunctionUrl"].replace(":3000", ":" + gateway.gateway.rsplit(":", 1)[1]) in gateway.log()
    host = {"Host": "%s.lambda-url.us-east-1.localhost" % url_id}
    status, headers, _ = http(gateway.gateway + "/x", method="OPTIONS", headers=dict(
        host, Origin="https://example.com", **{"Access-Control-Request-Method": "POST"}))
    assert status == 200
    assert headers["access-control-allow-origin"] == "https://example.com"
    status, headers, body = http(gateway.gateway + "/x", headers=dict(host, Origin="https://example.com"))
    assert status == 200 and json.loads(body) == {"hello": "world"}
    assert headers["access-control-allow-origin"] == "https://example.com"


def test_rest_integration_timeout_answers_504_while_the_function_runs_on(gateway):
    status, _, body = http(gateway.gateway + "/slow")
    assert status == 504
    assert json.loads(body) == {"message": "Endpoint request timed out"}
    # The function was not stopped by the gateway: it finishes on its own and its REPORT line says so.
    wait_for(lambda: "REPORT RequestId" in gateway.function_log("SlowFunction"), 60, 0.5, "the slow function to end")
    assert "Status: timeout" not in gateway.function_log("SlowFunction")


@pytest.mark.parametrize("raw, status", [
    (b"GARBAGE\r\n\r\n", b"400"),
    (b"GET /plain HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", b"413"),
    (b"GET /plain HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 12000 + b"\r\n\r\n", b"431"),
])
def test_malformed_and_oversized_requests_get_answers_and_the_gateway_keeps_serving(gateway, raw, status):
    import socket

    port = int(gateway.gateway.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(raw)
        assert s.recv(64).split(b" ")[1] == status
    assert http(gateway.gateway + "/plain")[0] == 200
