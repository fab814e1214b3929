"""Real web frameworks behind the HTTP gateway, reached with `requests` and `curl` (issue 16's acceptance).

- FastAPI with Mangum behind a REST API and an HTTP API, each `ANY /{proxy+}` (one Mangum handler reads both payload
  formats); its requirements.txt is installed from PyPI by `lamb serve`.
- Powertools for AWS Lambda's `APIGatewayRestResolver` behind a REST API and `APIGatewayHttpResolver` behind an HTTP
  API, from PyPI the same way.
- Express from Debian's `node-express` (no npm registry on the test machines) on the template's Function URL,
  behind a small payload 2.0 adapter (`frameworks/express/index.js`).

Every app (sources in `frameworks/`) serves the same routes, so every test runs against each: JSON with a path
parameter and a query string, a JSON body, cookies set with `Set-Cookie` and read back, a binary response and a binary
request body. What is compared is what the framework saw (its path parameter, its parsed cookies, the bytes it read)
and what the client got. Each app has its own `lamb serve`: two `/{proxy+}` routes on one port would overlap.
"""

import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request

import pytest

from conftest import HERE, LambServer, NODE_RUNTIME, wait_for

requests = pytest.importorskip("requests", reason="`requests` is not installed (pip install -r Tests/requirements.txt)")

FRAMEWORKS = os.path.join(HERE, "frameworks")
with open(os.path.join(FRAMEWORKS, "pixel.png"), "rb") as _f:
    PIXEL = _f.read()
EXPRESS_HOME = "/usr/share/nodejs"
# The first start of each Python app runs `pip install` (FastAPI pulls pydantic's wheels): minutes on a slow link.
START_TIMEOUT = 600


def _pypi_unreachable():
    """Why PyPI (or the index pip is told to use) cannot be reached, or None when it can."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/").rstrip("/") + "/mangum/"
    try:
        with urllib.request.urlopen(index, timeout=15) as response:
            response.read(1)
        return None
    except Exception as e:  # noqa: BLE001 - any failure means the same: no packages
        return "PyPI is unreachable (%s: %s)" % (index, e)


def _express_missing():
    """Why the Express app cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not os.path.isdir(os.path.join(EXPRESS_HOME, "express")):
        return "Debian's node-express is not installed (scripts/test installs it as root: apt-get install node-express)"
    return None


# ---------------------------------------------------------------------------------------------------------------
# The SAM projects
# ---------------------------------------------------------------------------------------------------------------

REST_TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    BinaryMediaTypes: ['image~1png']
Resources:
  AppFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: {runtime}
      Handler: {handler}
      CodeUri: src/
      Timeout: 30
      Environment:
        Variables: {variables}
      Events:
        Proxy:
          Type: Api
          Properties:
            Path: /{{proxy+}}
            Method: any
"""

HTTP_TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  AppFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: {runtime}
      Handler: {handler}
      CodeUri: src/
      Timeout: 30
      Environment:
        Variables: {variables}
      Events:
        Proxy:
          Type: HttpApi
          Properties:
            Path: /{{proxy+}}
            Method: any
"""

URL_TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  AppFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: {runtime}
      Handler: {handler}
      CodeUri: src/
      Timeout: 30
      Environment:
        Variables: {variables}
      FunctionUrlConfig:
        AuthType: NONE
"""

# (framework, front door): the app's sources, runtime, handler and variables, and the template.
APPS = {
    ("fastapi", "rest"): ("fastapi", "python3.11", "app.handler", {}, REST_TEMPLATE),
    ("fastapi", "http"): ("fastapi", "python3.11", "app.handler", {}, HTTP_TEMPLATE),
    ("powertools", "rest"): ("powertools", "python3.11", "app.handler", {"RESOLVER": "rest"}, REST_TEMPLATE),
    ("powertools", "http"): ("powertools", "python3.11", "app.handler", {"RESOLVER": "http"}, HTTP_TEMPLATE),
    # Debian's packages are found through NODE_PATH (the Debian node does that itself; other node builds do not).
    # The runtime is the host node's (`nodejs20.x` for v20.x): Debian's node-express may have brought Debian's node.
    ("express", "url"): ("express", None, "index.handler", {"NODE_PATH": EXPRESS_HOME}, URL_TEMPLATE),
}


class App(object):
    """One framework's app behind one front door of its own `lamb serve`.

    `base` is the URL `requests` uses; `curl_base` the one curl uses (a Function URL by its host name, which curl
    resolves to loopback itself, where `requests` takes the `/lambda-url/<id>` path form).
    """

    def __init__(self, framework, door, server, base, curl_base):
        self.framework = framework
        self.door = door
        self.server = server
        self.base = base
        self.curl_base = curl_base

    def __repr__(self):
        return "<%s behind %s>" % (self.framework, self.door)


def _project(root, framework, door):
    sources, runtime, handler, variables, template = APPS[(framework, door)]
    runtime = runtime or NODE_RUNTIME
    project = tempfile.mkdtemp(prefix="%s-%s-" % (framework, door), dir=root)
    shutil.copytree(os.path.join(FRAMEWORKS, sources), os.path.join(project, "src"))
    shutil.copy(os.path.join(FRAMEWORKS, "pixel.png"), os.path.join(project, "src", "pixel.png"))
    with open(os.path.join(project, "template.yaml"), "w") as f:
        f.write(template.format(runtime=runtime, handler=handler, variables=json.dumps(variables)))
    return project


@pytest.fixture(scope="module", params=sorted(APPS), ids=lambda key: "%s-%s" % key)
def app(request, lamb_root):
    framework, door = request.param
    reason = _express_missing() if framework == "express" else _pypi_unreachable()
    if reason:
        pytest.skip(reason)
    project = _project(lamb_root, framework, door)
    server = LambServer(tempfile.mkdtemp(dir=lamb_root), ["--gateway-port", "0", "--no-watch"],
                        name="%s-%s" % (framework, door), cwd=project)
    try:
        server.start(timeout=START_TIMEOUT)
        port = wait_for(lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), START_TIMEOUT,
                        what="the gateway's start-up line").group(1)
        gateway = "http://127.0.0.1:%s" % port
        base = curl_base = gateway
        if door == "url":
            url = wait_for(lambda: re.search(r"URL (http://([a-z0-9]{32})\.lambda-url\.[^ ]+?)/? -> AppFunction",
                                             server.log()), 60, what="the Function URL's start-up line")
            curl_base = url.group(1)
            base = "%s/lambda-url/%s" % (gateway, url.group(2))
        yield App(framework, door, server, base, curl_base)
    finally:
        server.stop()


def curl(*args):
    """Runs curl; returns (status, headers as lower-cased (name, value) pairs, body bytes)."""
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with tempfile.NamedTemporaryFile() as header_file:
        result = subprocess.run(
            ["curl", "--silent", "--show-error", "--max-time", "120", "--dump-header", header_file.name] + list(args),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
        assert result.returncode == 0, result.stderr.decode()
        raw = open(header_file.name, "rb").read().decode("latin-1")
    # The last response's headers (curl writes each response's, e.g. after a 100 Continue).
    block = [b for b in raw.split("\r\n\r\n") if b.strip()][-1].split("\r\n")
    status = int(block[0].split()[1])
    headers = [(name.strip().lower(), value.strip()) for name, _, value in (line.partition(":") for line in block[1:])]
    return status, headers, result.stdout


def header(headers, name):
    return [value for key, value in headers if key == name]


# ---------------------------------------------------------------------------------------------------------------
# JSON and path parameters
# ---------------------------------------------------------------------------------------------------------------


def test_path_parameter_and_query_string(app):
    response = requests.get(app.base + "/items/sku-42", params={"q": "blue shoes"}, timeout=120)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["item_id"] == "sku-42"
    assert body["q"] == "blue shoes"


def test_path_parameter_and_query_string_with_curl(app):
    status, headers, body = curl(app.curl_base + "/items/7?q=a%26b")
    assert status == 200, body
    assert header(headers, "content-type")[0].startswith("application/json")
    assert json.loads(body)["item_id"] == "7"
    assert json.loads(body)["q"] == "a&b"


def test_percent_encoded_path_parameter(app):
    response = requests.get(app.base + "/items/caf%C3%A9%20au%20lait", timeout=120)
    assert response.status_code == 200, response.text
    # HTTP APIs hand the function the path decoded; REST APIs and Function URLs as sent. FastAPI (Mangum) and Express
    # decode it themselves; Powertools routes on the event's path as it comes, so behind a REST API it sees the
    # escapes, as it does on AWS.
    expected = "caf%C3%A9%20au%20lait" if (app.framework, app.door) == ("powertools", "rest") else "café au lait"
    assert response.json()["item_id"] == expected


def test_json_body(app):
    document = {"name": "Zoë", "tags": ["a", "b"], "nested": {"n": 1.5, "ok": True, "none": None}}
    response = requests.post(app.base + "/echo", json=document, timeout=120)
    assert response.status_code == 200, response.text
    assert response.json()["received"] == document
    assert response.json()["content_type"] == "application/json"


def test_json_body_with_curl(app):
    status, _, body = curl("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", '{"x": [1, 2]}',
                           app.curl_base + "/echo")
    assert status == 200, body
    assert json.loads(body)["received"] == {"x": [1, 2]}


def test_unrouted_path_is_the_frameworks_404(app):
    # `/{proxy+}` sends every path to the function: the 404 is the framework's own answer, passed through.
    response = requests.get(app.base + "/no/such/page", timeout=120)
    assert response.status_code == 404


def test_rest_api_stage_prefix_reaches_the_same_route(app):
    if app.door != "rest":
        pytest.skip("only REST APIs have a stage in the path")
    # The event's `path` leaves the stage out, so the framework routes `/Prod/items/9` as `/items/9`.
    response = requests.get(app.base + "/Prod/items/9", timeout=120)
    assert response.status_code == 200, response.text
    assert response.json()["item_id"] == "9"


# ---------------------------------------------------------------------------------------------------------------
# Cookies
# ---------------------------------------------------------------------------------------------------------------


def test_cookies_set_and_read_back(app):
    session = requests.Session()
    response = session.post(app.base + "/login", params={"user": "ann"}, timeout=120)
    assert response.status_code == 200, response.text
    assert response.json() == {"logged_in": "ann"}
    # Two cookies, two Set-Cookie headers (not one comma-joined header).
    set_cookies = response.raw.headers.getlist("Set-Cookie")
    assert len(set_cookies) == 2, set_cookies
    assert any(c.startswith("session=s-ann") and "httponly" in c.lower() for c in set_cookies), set_cookies
    assert any(c.startswith("theme=dark") for c in set_cookies), set_cookies
    assert session.cookies.get("session") == "s-ann"
    assert session.cookies.get("theme") == "dark"

    response = session.get(app.base + "/whoami", timeout=120)
    assert response.status_code == 200, response.text
    assert response.json() == {"session": "s-ann", "theme": "dark"}


def test_cookies_with_curl_cookie_jar(app, tmp_path):
    jar = str(tmp_path / "jar.txt")
    status, headers, body = curl("-X", "POST", "-c", jar, app.curl_base + "/login?user=bob")
    assert status == 200, body
    assert len(header(headers, "set-cookie")) == 2, headers
    # curl's jar keeps them for the host it talked to; it sends them back as one Cookie header.
    cookies = http.cookiejar.MozillaCookieJar(jar)
    cookies.load(ignore_discard=True, ignore_expires=True)
    assert {c.name: c.value for c in cookies} == {"session": "s-bob", "theme": "dark"}
    status, _, body = curl("-b", jar, app.curl_base + "/whoami")
    assert status == 200, body
    assert json.loads(body) == {"session": "s-bob", "theme": "dark"}


def test_cookies_sent_by_hand(app):
    response = requests.get(app.base + "/whoami", headers={"Cookie": "theme=light; session=abc=def; other=1"},
                            timeout=120)
    assert response.status_code == 200, response.text
    assert response.json() == {"session": "abc=def", "theme": "light"}


# ---------------------------------------------------------------------------------------------------------------
# Binary bodies
# ---------------------------------------------------------------------------------------------------------------


def test_binary_response(app):
    response = requests.get(app.base + "/pixel.png", timeout=120)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.content == PIXEL


def test_binary_response_with_curl(app):
    status, headers, body = curl("-H", "Accept: image/png", app.curl_base + "/pixel.png")
    assert status == 200, body
    assert header(headers, "content-type") == ["image/png"]
    assert body == PIXEL


def test_binary_request_body(app):
    response = requests.post(app.base + "/upload", data=PIXEL, headers={"Content-Type": "image/png"}, timeout=120)
    assert response.status_code == 200, response.text
    assert response.json() == {"length": len(PIXEL), "sha256": hashlib.sha256(PIXEL).hexdigest()}


def test_binary_request_body_with_curl(app, tmp_path):
    path = tmp_path / "upload.png"
    path.write_bytes(PIXEL)
    status, _, body = curl("-X", "POST", "-H", "Content-Type: image/png", "--data-binary", "@%s" % path,
                           app.curl_base + "/upload")
    assert status == 200, body
    assert json.loads(body) == {"length": len(PIXEL), "sha256": hashlib.sha256(PIXEL).hexdigest()}
