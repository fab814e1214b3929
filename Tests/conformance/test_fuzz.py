"""Property-based fuzzing (hypothesis) of every Lambda API route Lamb serves, Lamb's own routes, and the Runtime API.

For each generated request: the status is below 500; a 4xx is AWS-shaped (an `x-amzn-ErrorType` header and a JSON
object with a message); and after every refusal the server's state is what it was (functions, versions, aliases,
configurations, tags, concurrency, URLs, event invoke configs, layers, account totals).

Requests come from botocore's model of Lambda: each operation's path, query, headers and JSON body, filled with
values of the member's type, of other types, huge numbers, deep nesting, odd strings and names of real and missing
resources. A second test sends requests made of random methods, paths, queries, headers and bodies.

The Runtime API admits only its own runtime's connections, so it is fuzzed from inside: a `provided.al2023`
function whose bootstrap (Python, the host's /usr/bin/python3) replays the requests an invocation carries against
its own Runtime API and returns what it got. Framing (chunked bodies, splits, malformed heads) is covered by the
Swift parser's tests (`Tests/LambRuntimeAPITests/RuntimeAPIRequestParserTests.swift`).

`LAMB_FUZZ_EXAMPLES` sets the number of examples per test (default 200; the file runs in about a minute).
"""

import base64
import http.client
import json
import os
import tempfile
import urllib.parse

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import LambServer, ROLE, RUNTIME, make_zip, unique_name

EXAMPLES = int(os.environ.get("LAMB_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

ECHO = "def handler(event, context):\n    return event\n"

# The operations of botocore's model that Lamb serves (Sources/LambAPI/Routes).
SERVED = [
    "GetAccountSettings",
    "CreateFunction", "ListFunctions", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
    "UpdateFunctionConfiguration", "DeleteFunction",
    "Invoke", "InvokeAsync",
    "PublishVersion", "ListVersionsByFunction",
    "CreateAlias", "ListAliases", "GetAlias", "UpdateAlias", "DeleteAlias",
    "PutFunctionConcurrency", "GetFunctionConcurrency", "DeleteFunctionConcurrency",
    "PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig", "DeleteProvisionedConcurrencyConfig",
    "ListProvisionedConcurrencyConfigs",
    "PutFunctionEventInvokeConfig", "UpdateFunctionEventInvokeConfig", "GetFunctionEventInvokeConfig",
    "DeleteFunctionEventInvokeConfig", "ListFunctionEventInvokeConfigs",
    "CreateFunctionUrlConfig", "GetFunctionUrlConfig", "UpdateFunctionUrlConfig", "DeleteFunctionUrlConfig",
    "ListFunctionUrlConfigs",
    "PublishLayerVersion", "ListLayerVersions", "GetLayerVersion", "GetLayerVersionByArn", "DeleteLayerVersion",
    "ListLayers",
    "ListTags", "TagResource", "UntagResource",
]
# Lamb's own routes: (path template, query keys).
LAMB_ROUTES = [
    ("/_lamb/v1/health", []),
    ("/_lamb/v1/events", ["function", "limit"]),
    ("/_lamb/v1/destinations", ["target", "after", "limit"]),
    ("/_lamb/v1/functions/{FunctionName}/logs", ["offset", "limit"]),
    ("/_lamb/v1/functions/{FunctionName}/code", ["Qualifier"]),
    ("/_lamb/v1/stacks", []),
    ("/_lamb/v1/environments", ["function"]),
    ("/_lamb/v1/layers/{LayerName}/versions/{VersionNumber}/content", []),
    ("/_lamb/v1/refused", []),
]
MODEL = botocore.session.get_session().get_service_model("lambda")
OPERATIONS = [MODEL.operation_model(name) for name in SERVED]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "M-SEARCH", "get",
           "G3T"]


# ---------------------------------------------------------------------------------------------------------------
# The server and its fixtures
# ---------------------------------------------------------------------------------------------------------------


class Fuzzed(object):
    """A `lamb serve` with a function (a version, an alias, tags, an event invoke config, a URL), a layer, and the
    state they add up to."""

    def __init__(self, server):
        self.server = server
        self.function = unique_name("fuzz")
        self.layer = unique_name("fuzzlayer")
        self.arn = "arn:aws:lambda:us-east-1:000000000000:function:%s" % self.function
        self.layer_arn = "arn:aws:lambda:us-east-1:000000000000:layer:%s" % self.layer
        self.baseline = None

    def request(self, method, path, body=b"", headers=None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            if body or method in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def get(self, path):
        status, _, body = self.request("GET", path)
        return status, json.loads(body) if body else None

    def ensure_fixtures(self):
        """(Re)creates whatever a successful fuzzed request removed, then takes the state as the new baseline."""
        client = self.server.client()
        try:
            client.get_function(FunctionName=self.function)
        except client.exceptions.ResourceNotFoundException:
            client.create_function(FunctionName=self.function, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                                   Code={"ZipFile": make_zip({"app.py": ECHO})}, Tags={"fuzz": "yes"})
            client.get_waiter("function_active_v2").wait(FunctionName=self.function)
        if not client.list_versions_by_function(FunctionName=self.function)["Versions"][1:]:
            client.publish_version(FunctionName=self.function)
        if not client.list_aliases(FunctionName=self.function)["Aliases"]:
            client.create_alias(FunctionName=self.function, Name="live", FunctionVersion="1")
        if not client.list_function_event_invoke_configs(FunctionName=self.function)["FunctionEventInvokeConfigs"]:
            client.put_function_event_invoke_config(FunctionName=self.function, MaximumRetryAttempts=1)
        if not client.list_layer_versions(LayerName=self.layer)["LayerVersions"]:
            client.publish_layer_version(LayerName=self.layer, Content={"ZipFile": make_zip({"python/l.py": "X = 1\n"})},
                                         CompatibleRuntimes=[RUNTIME])
        self.baseline = self.state()

    def state(self):
        """Everything a request could change, as the API reports it."""
        f = urllib.parse.quote(self.function, safe="")
        state = {}
        for key, path in [
            ("functions", "/2015-03-31/functions?FunctionVersion=ALL&MaxItems=1000"),
            ("function", "/2015-03-31/functions/%s" % f),
            ("live", "/2015-03-31/functions/%s?Qualifier=live" % f),
            ("versions", "/2015-03-31/functions/%s/versions" % f),
            ("aliases", "/2015-03-31/functions/%s/aliases" % f),
            ("concurrency", "/2019-09-30/functions/%s/concurrency" % f),
            ("provisioned", "/2019-09-30/functions/%s/provisioned-concurrency?List=ALL" % f),
            ("event-invoke-configs", "/2019-09-25/functions/%s/event-invoke-config/list" % f),
            ("urls", "/2021-10-31/functions/%s/urls" % f),
            ("tags", "/2017-03-31/tags/%s" % urllib.parse.quote(self.arn, safe="")),
            ("layers", "/2018-10-31/layers"),
            ("layer-versions", "/2018-10-31/layers/%s/versions" % urllib.parse.quote(self.layer, safe="")),
            ("account", "/2016-08-19/account-settings"),
        ]:
            status, body = self.get(path)
            if isinstance(body, dict):
                body.pop("Code", None)  # GetFunction's code location
            state[key] = (status, body)
        return state


@pytest.fixture(scope="module")
def fuzzed(lamb_root):
    server = LambServer(tempfile.mkdtemp(prefix="fuzz-", dir=lamb_root), name="fuzz").start()
    fuzzed = Fuzzed(server)
    fuzzed.ensure_fixtures()
    yield fuzzed
    server.stop()


# ---------------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------------

HUGE = st.sampled_from([0, -1, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 63 - 1, 2 ** 63, 2 ** 64, -(2 ** 63) - 1, 10 ** 30,
                        -(10 ** 30), 10 ** 400])
ODD_STRINGS = st.sampled_from([
    "", " ", "\x00", "\n", "a" * 70, "a" * 3000, "../../etc/passwd", "%00", "%2F", "%", "$LATEST", "ALL", "null",
    "\ud7ff\ue000\U0001f600", "\u202e", "\ufeff", "'\";--", "${jndi:x}", "arn:aws:lambda:us-east-1:000000000000:function:",
    "arn:aws:lambda:::function:x", "arn:aws:lambda:us-east-1:000000000000:function:x:y:z", "1e400", "-0", "NaN",
])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), HUGE,
                    st.floats(allow_nan=False, allow_infinity=False), TEXT, ODD_STRINGS)
ANY_JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(TEXT, ODD_STRINGS), inner, max_size=4)), max_leaves=12)


def value_for(shape, depth=0):
    """Values of `shape`'s type (mostly), or of any other."""
    wrong = ANY_JSON if depth < 2 else SCALARS
    kind = shape.type_name
    if kind == "string":
        enum = getattr(shape, "enum", None) or []
        right = st.one_of(st.sampled_from(enum), TEXT) if enum else st.one_of(TEXT, ODD_STRINGS)
    elif kind in ("integer", "long"):
        right = st.one_of(st.integers(-5, 1000), HUGE)
    elif kind in ("float", "double"):
        right = st.floats(allow_nan=False, allow_infinity=False)
    elif kind == "boolean":
        right = st.booleans()
    elif kind == "blob":
        right = st.one_of(st.binary(max_size=64).map(lambda b: base64.b64encode(b).decode()), TEXT)
    elif kind == "timestamp":
        right = st.one_of(st.integers(), TEXT)
    elif kind == "list":
        right = st.lists(value_for(shape.member, depth + 1), max_size=3) if depth < 4 else st.just([])
    elif kind == "map":
        right = (st.dictionaries(st.one_of(TEXT, ODD_STRINGS), value_for(shape.value, depth + 1), max_size=3)
                 if depth < 4 else st.just({}))
    elif kind == "structure":
        right = structure(shape, depth + 1) if depth < 4 else st.just({})
    else:
        right = SCALARS
    return st.one_of(right, right, right, right, wrong)


def structure(shape, depth=0, members=None):
    """A dict of a random subset of the structure's members."""
    names = members if members is not None else list(shape.members)
    if not names:
        return st.just({})
    return st.fixed_dictionaries({}, optional={n: value_for(shape.members[n], depth) for n in names})


def uri_value(name, fuzzed):
    """A value for a path placeholder: mostly real resources (so that validation behind the look-up runs)."""
    real = {
        "FunctionName": [fuzzed.function, fuzzed.arn, fuzzed.arn + ":live", fuzzed.function + ":1",
                         fuzzed.function + ":$LATEST", "missing-function", fuzzed.arn.replace("function:", "function:x")],
        "Name": ["live", "1", "$LATEST", "missing"],
        "LayerName": [fuzzed.layer, fuzzed.layer_arn, "missing-layer"],
        "VersionNumber": ["1", "0", "-1", "99999999999999999999", "x"],
        "Resource": [fuzzed.arn, fuzzed.arn + ":live", fuzzed.layer_arn, "x"],
    }.get(name, ["x"])
    encoded = st.one_of(st.sampled_from(real), TEXT, ODD_STRINGS).map(lambda v: urllib.parse.quote(v, safe=""))
    raw = st.one_of(TEXT, ODD_STRINGS).map(lambda v: urllib.parse.quote(v, safe="/%:$"))
    return st.one_of(encoded, encoded, encoded, raw).filter(lambda v: v != "")


def query_value(member):
    return st.one_of(value_for(member, 3).map(lambda v: v if isinstance(v, str) else json.dumps(v)), ODD_STRINGS)


def header_value(member):
    safe = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=60)
    return st.one_of(value_for(member, 3).filter(lambda v: isinstance(v, str) and v.isprintable() and v.isascii()),
                     safe, st.binary(max_size=48).map(lambda b: base64.b64encode(b).decode()))


@st.composite
def operation_request(draw, fuzzed):
    """(method, path, headers, body) for one operation of the model, with fuzzed members."""
    op = draw(st.sampled_from(OPERATIONS))
    shape = op.input_shape
    members = shape.members if shape is not None else {}
    uri, _, fixed_query = op.http["requestUri"].partition("?")
    for name, member in members.items():
        if member.serialization.get("location") == "uri":
            uri = uri.replace("{%s}" % member.serialization["name"], draw(uri_value(member.serialization["name"], fuzzed)))
            uri = uri.replace("{%s+}" % member.serialization["name"], draw(uri_value(member.serialization["name"], fuzzed)))
    query = [tuple(p.split("=", 1)) for p in fixed_query.split("&") if p]
    headers = {}
    body_members = []
    for name, member in members.items():
        location = member.serialization.get("location")
        key = member.serialization.get("name", name)
        if location == "querystring" and draw(st.booleans()):
            query.append((key, draw(query_value(member))))
        elif location == "header" and draw(st.booleans()):
            headers[key] = draw(header_value(member))
        elif location is None:
            body_members.append(name)
    payload = shape.serialization.get("payload") if shape is not None else None
    if payload:
        body = draw(st.one_of(ANY_JSON.map(lambda v: json.dumps(v).encode()), st.binary(max_size=64)))
    elif body_members:
        body = draw(st.one_of(
            structure(shape, members=body_members).map(lambda v: json.dumps(v).encode()),
            structure(shape, members=body_members).map(lambda v: json.dumps(v).encode()),
            ANY_JSON.map(lambda v: json.dumps(v).encode()),
            st.binary(max_size=64),
            st.sampled_from([b"", b"{", b"{}}", b"\xff\xfe{}", b"\xef\xbb\xbf{}", b"{\"a\":1e99999}",
                             b"{\"MemorySize\": 1" + b"0" * 400 + b"}", b"[" * 5000 + b"]" * 5000]),
        ))
    else:
        body = b""
    if body and draw(st.booleans()):
        headers["Content-Type"] = draw(st.sampled_from(["application/json", "text/plain", "application/x-amz-json-1.1",
                                                        "multipart/form-data; boundary=x", "\x7f"]))
    path = uri + ("?" + urllib.parse.urlencode(query) if query else "")
    return op.http["method"], path, headers, body


@st.composite
def random_request(draw, fuzzed):
    """A random method, path (built from the routes' segments, Lamb's own routes, or anything), query, headers and
    body."""
    segments = st.one_of(
        st.sampled_from(["2015-03-31", "2014-11-13", "2016-08-19", "2017-03-31", "2017-10-31", "2018-10-31",
                         "2019-09-25", "2019-09-30", "2021-10-31", "_lamb", "v1", "functions", "layers", "versions",
                         "aliases", "invocations", "invoke-async", "configuration", "code", "concurrency", "tags",
                         "url", "urls", "provisioned-concurrency", "event-invoke-config", "list", "policy", "logs",
                         "health", "refused", "environments", "events", "destinations", "stacks", "content",
                         "account-settings", fuzzed.function, urllib.parse.quote(fuzzed.arn, safe=""), fuzzed.layer,
                         "1", "live", "..", ".", "%2e%2e", "%2F", ""]),
        TEXT.map(lambda v: urllib.parse.quote(v, safe="")))
    if draw(st.booleans()):
        template, keys = draw(st.sampled_from(LAMB_ROUTES))
        path = (template.replace("{FunctionName}", draw(uri_value("FunctionName", fuzzed)))
                .replace("{LayerName}", draw(uri_value("LayerName", fuzzed)))
                .replace("{VersionNumber}", draw(uri_value("VersionNumber", fuzzed))))
        query = [(k, draw(st.one_of(TEXT, ODD_STRINGS, HUGE.map(str)))) for k in keys if draw(st.booleans())]
    else:
        path = "/" + "/".join(draw(st.lists(segments, min_size=1, max_size=7)))
        query = draw(st.lists(st.tuples(st.one_of(TEXT, st.sampled_from(
            ["Qualifier", "MaxItems", "Marker", "FunctionVersion", "List", "find", "Arn", "tagKeys", "offset", "limit",
             "function", "target", "after", "CompatibleRuntime", "MasterRegion"])), st.one_of(TEXT, ODD_STRINGS)),
            max_size=4))
    headers = draw(st.dictionaries(
        st.one_of(st.sampled_from(["X-Amz-Invocation-Type", "X-Amz-Log-Type", "X-Amz-Client-Context",
                                   "Content-Type", "X-Amz-Tenant-Id", "Expect", "x-lamb-refused-type",
                                   "x-lamb-refused-status", "x-lamb-refused-message", "Authorization",
                                   "X-Amz-Date", "Transfer-Encoding-X"]),
                  st.from_regex(r"\AX-[A-Za-z0-9-]{1,20}\Z")),
        st.one_of(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=40),
                  st.sampled_from(["Event", "RequestResponse", "DryRun", "Tail", "None", "100-continue", "999",
                                   "-1", "0", "200", "500", "99", "1000", "x"])),
        max_size=4))
    method = draw(st.sampled_from(METHODS))
    body = draw(st.one_of(st.just(b""), ANY_JSON.map(lambda v: json.dumps(v).encode()), st.binary(max_size=64)))
    query_text = "&".join("%s=%s" % (urllib.parse.quote(k, safe=""), urllib.parse.quote(v, safe="")) for k, v in query)
    return method, path + ("?" + query_text if query_text else ""), headers, body


# ---------------------------------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------------------------------

MUTATING = {"POST", "PUT", "DELETE", "PATCH"}


def check(fuzzed, request):
    method, path, headers, body = request
    try:
        status, response_headers, response_body = fuzzed.request(method, path, body, headers)
    except (http.client.HTTPException, ConnectionError) as e:
        # A connection closed without a response is a crash, unless the head was over the decoder's limit (80 KiB),
        # which may be refused before it has all been sent.
        head = len(path) + sum(len(k) + len(v) for k, v in headers.items())
        assert head > 80 * 1024, "%s %s %r: no response: %r" % (method, path[:300], body[:200], e)
        return
    where = "%s %s %r -> %d %r" % (method, path[:300], body[:200], status, response_body[:300])
    assert status < 500, where
    # NIO frames no body in an answer to CONNECT (the connection belongs to the tunnel after it); the error type
    # still says what happened.
    if 400 <= status < 500 and method.upper() == "CONNECT":
        assert response_headers.get("x-amzn-errortype"), "no x-amzn-ErrorType: " + where
    elif 400 <= status < 500 and method != "HEAD":
        assert response_headers.get("x-amzn-errortype"), "no x-amzn-ErrorType: " + where
        document = json.loads(response_body)
        assert isinstance(document, dict) and isinstance(document.get("message", document.get("Message")), str), where
    if status >= 400:
        assert fuzzed.state() == fuzzed.baseline, "state changed after a refusal: " + where
    elif method in MUTATING:
        fuzzed.ensure_fixtures()


@FUZZ
@given(data=st.data())
def test_every_operation_with_fuzzed_members(fuzzed, data):
    check(fuzzed, data.draw(operation_request(fuzzed)))


@FUZZ
@given(data=st.data())
def test_random_methods_paths_queries_headers_and_bodies(fuzzed, data):
    check(fuzzed, data.draw(random_request(fuzzed)))


DEEP = 100000


@pytest.mark.parametrize("body", [
    b"[" * DEEP + b"]" * DEEP,
    b"{\"a\":" * DEEP + b"1" + b"}" * DEEP,
    b"[" * DEEP,
    b"{\"Variables\": " * 2000 + b"{}" + b"}" * 2000,
    b"{\"MemorySize\": 1" + b"0" * 100000 + b"}",
    b"{\"MemorySize\": 1e999999}",
    b"{\"MemorySize\": -0.0000000000000000000000000000001}",
    b"{\"Timeout\": 3, \"Timeout\": \"x\"}",
    b"\"" + b"\\u0000" * 10000 + b"\"",
    b"\"\\ud800\"",
    b"\xc0\xaf",
], ids=["deep-array", "deep-object", "unclosed", "deep-known-member", "long-number", "huge-exponent", "tiny",
        "duplicate-key", "nul-escapes", "lone-surrogate", "overlong-utf8"])
@pytest.mark.parametrize("target", ["invoke", "invoke-async", "create", "configuration", "tags", "alias", "publish"])
def test_pathological_json(fuzzed, body, target):
    f = urllib.parse.quote(fuzzed.function, safe="")
    method, path = {
        "invoke": ("POST", "/2015-03-31/functions/%s/invocations" % f),
        "invoke-async": ("POST", "/2014-11-13/functions/%s/invoke-async/" % f),
        "create": ("POST", "/2015-03-31/functions"),
        "configuration": ("PUT", "/2015-03-31/functions/%s/configuration" % f),
        "tags": ("POST", "/2017-03-31/tags/%s" % urllib.parse.quote(fuzzed.arn, safe="")),
        "alias": ("POST", "/2015-03-31/functions/%s/aliases" % f),
        "publish": ("POST", "/2018-10-31/layers/%s/versions" % urllib.parse.quote(fuzzed.layer, safe="")),
    }[target]
    check(fuzzed, (method, path, {"Content-Type": "application/json"}, body))


@pytest.mark.parametrize("status", ["0", "-1", "99", "200", "204", "500", "999", "1000", "99999999999999999999", "x"])
def test_forged_refusals_cannot_break_the_server(fuzzed, status):
    """`/_lamb/v1/refused` answers what the signature gate put in its headers; a client that sends those headers
    itself (a connection the gate does not watch) gets a 4xx, never a crash or a 5xx."""
    check(fuzzed, ("GET", "/_lamb/v1/refused", {"x-lamb-refused-type": "Forged", "x-lamb-refused-status": status,
                                                "x-lamb-refused-message": "%ff%"}, b""))


# ---------------------------------------------------------------------------------------------------------------
# The Runtime API, from inside an environment
# ---------------------------------------------------------------------------------------------------------------

REPLAY = r'''#!/usr/bin/python3
import base64, json, os, re, socket, urllib.request

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
HOST, PORT = API.rsplit(":", 1)
BASE = "http://%s/2018-06-01/runtime" % API


def replay(data):
    """Sends one request on its own connection; returns its status line, errorType and body, or what happened."""
    sock = socket.create_connection((HOST, int(PORT)), timeout=10)
    received = b""
    try:
        sock.sendall(data)
        while True:
            head, sep, rest = received.partition(b"\r\n\r\n")
            if sep:
                length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                if length and len(rest) >= int(length.group(1)):
                    break
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except socket.timeout:
        return {"hang": received.decode("latin-1")[:200]}
    except ConnectionError as e:
        return {"closed": str(e), "received": received.decode("latin-1")[:200]}
    finally:
        sock.close()
    return {"response": received.decode("latin-1")[:2000]}


while True:
    with urllib.request.urlopen(BASE + "/invocation/next") as r:
        request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    results = [replay(base64.b64decode(item)) for item in event["requests"]]
    body = json.dumps({"results": results}).encode()
    urllib.request.urlopen(urllib.request.Request(BASE + "/invocation/%s/response" % request_id, data=body,
                                                  method="POST")).read()
'''

RUNTIME_PATHS = st.one_of(
    st.sampled_from([
        "/2018-06-01/runtime/invocation/next", "/2018-06-01/runtime/invocation//response",
        "/2018-06-01/runtime/invocation/x/response", "/2018-06-01/runtime/invocation/x/error",
        "/2018-06-01/runtime/invocation/%2e%2e/response", "/2018-06-01/runtime/invocation/x/y/response",
        "/2018-06-01/runtime/init/error", "/2018-06-01/runtime/restore/next", "/2018-06-01/runtime/restore/error",
        "/2018-06-01/runtime/invocation/", "/2018-06-01/runtime", "/", "*", "/2020-01-01/extension/register",
        "/2020-08-15/logs", "/2022-07-01/telemetry",
    ]),
    st.tuples(st.sampled_from(["/2018-06-01/runtime/invocation/", "/2018-06-01/runtime/", "/"]),
              TEXT.map(lambda v: urllib.parse.quote(v, safe="/")),
              st.sampled_from(["/response", "/error", "", "/next"])).map("".join),
)
RUNTIME_HEADERS = st.dictionaries(
    st.sampled_from(["Lambda-Runtime-Function-Error-Type", "Lambda-Runtime-Function-Response-Mode", "Content-Type",
                     "Lambda-Runtime-Function-XRay-Error-Cause", "Expect", "Connection", "Trailer",
                     "Lambda-Runtime-Aws-Request-Id", "X-Anything"]),
    st.one_of(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=40),
              st.sampled_from(["streaming", "buffered", "Unhandled", "close", "keep-alive", "", "\t"])),
    max_size=3)


@st.composite
def runtime_request(draw):
    method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "X"]))
    path = draw(RUNTIME_PATHS)
    if method == "GET" and path.rstrip("/").endswith("/invocation/next"):
        method = "POST"  # a second /next would wait for the runtime's own next event
    version = draw(st.sampled_from(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0"]))
    body = draw(st.one_of(st.just(b""), ANY_JSON.map(lambda v: json.dumps(v).encode()), st.binary(max_size=64)))
    head = "%s %s %s\r\nHost: runtime\r\n" % (method, path, version)
    for name, value in draw(RUNTIME_HEADERS).items():
        head += "%s: %s\r\n" % (name, value)
    head += "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    return head.encode() + body


@pytest.fixture(scope="module")
def replayer(fuzzed):
    name = unique_name("fuzz-runtime")
    fuzzed.server.client().create_function(
        FunctionName=name, Runtime="provided.al2023", Handler="x", Role=ROLE, Timeout=120,
        Code={"ZipFile": make_zip({"bootstrap": REPLAY})})
    fuzzed.server.client().get_waiter("function_active_v2").wait(FunctionName=name)
    fuzzed.ensure_fixtures()  # a new baseline, with this function in it
    yield name
    fuzzed.server.client().delete_function(FunctionName=name)


@pytest.mark.skipif(not os.access("/usr/bin/python3", os.X_OK), reason="no /usr/bin/python3 for the bootstrap")
@settings(max_examples=max(10, EXAMPLES // 5), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(requests=st.lists(runtime_request(), min_size=1, max_size=10))
def test_runtime_api_from_inside_an_environment(fuzzed, replayer, requests):
    """No fuzzed request makes the Runtime API answer 5xx, hang or close without an answer; 4xx answers carry
    Lambda's error document; the environment keeps working (the invocation that carried them returns normally)."""
    event = {"requests": [base64.b64encode(r).decode() for r in requests]}
    response = fuzzed.server.client().invoke(FunctionName=replayer, Payload=json.dumps(event).encode())
    payload = response["Payload"].read()
    assert "FunctionError" not in response, payload
    for sent, result in zip(requests, json.loads(payload)["results"]):
        where = "%r -> %r" % (sent[:300], result)
        assert "response" in result, where
        text = result["response"]
        status = int(text.split(" ", 2)[1])
        assert status < 500, where
        if 400 <= status < 500 and not sent.startswith(b"HEAD "):
            body = json.loads(text.partition("\r\n\r\n")[2])
            assert isinstance(body.get("errorType"), str) and isinstance(body.get("errorMessage"), str), where
