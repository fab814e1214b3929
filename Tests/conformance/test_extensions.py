"""External extensions (executables in /opt/extensions, from a layer) take part in the environment's life as on
Lambda: they start before the runtime and register; init waits for them; each invocation hands them INVOKE and the
environment is not reused until they call /event/next again; an idle shutdown sends SHUTDOWN; an extension that
exits, or reports an init error, fails the environment (Extension.Crash, Extension.<Type>)."""

import json


from conftest import make_zip, wait_for

EXTENSION = r'''#!/usr/bin/env python3
import json, os, sys, urllib.request

base = "http://%s/2020-01-01/extension" % os.environ["AWS_LAMBDA_RUNTIME_API"]
MODE = os.environ.get("EXTENSION_MODE", "")


def call(path, body=None, headers=None):
    request = urllib.request.Request(base + path, data=body, headers=headers or {}, method="POST" if body else "GET")
    with urllib.request.urlopen(request) as response:
        return response.headers, json.loads(response.read() or b"{}")


def say(text):
    print("[py-ext] " + text, flush=True)


headers, info = call("/register", json.dumps({"events": ["INVOKE", "SHUTDOWN"]}).encode(),
                     {"Lambda-Extension-Name": "py-ext"})
ext = headers["Lambda-Extension-Identifier"]
say("registered for %s %s" % (info["functionName"], info["handler"]))
if MODE == "init-error":
    call("/init/error", b'{"errorMessage": "no config", "errorType": "ConfigMissing"}',
         {"Lambda-Extension-Identifier": ext, "Lambda-Extension-Function-Error-Type": "Extension.ConfigMissing"})
    sys.exit(1)
while True:
    headers, event = call("/event/next", headers={"Lambda-Extension-Identifier": ext})
    if event["eventType"] == "SHUTDOWN":
        say("shutdown %s" % event["shutdownReason"])
        sys.exit(0)
    say("invoke %s" % event["requestId"])
    if MODE == "crash":
        say("crashing")
        sys.exit(3)
'''

APP = {"app.py": "def handler(event, context):\n    print('handler ran')\n    return {'ok': True}\n"}


def extension_layer(lam, name="py-ext", source=EXTENSION):
    path = "extensions/" + name
    content = make_zip({path: source}, executables=[path])
    return lam.publish_layer_version(LayerName=name, Content={"ZipFile": content})["LayerVersionArn"]


def create(server, functions_on, mode=""):
    lam = server.client()
    return functions_on(server).create(APP, Layers=[extension_layer(lam)],
                                       Environment={"Variables": {"EXTENSION_MODE": mode}})


def test_an_extension_registers_gets_each_invoke_and_the_shutdown(lamb_servers, functions_on):
    server = lamb_servers.start("--keep-alive", "2s")
    name = create(server, functions_on)
    lam = server.client()
    ids = []
    for _ in range(3):
        response = lam.invoke(FunctionName=name)
        assert "FunctionError" not in response
        assert json.loads(response["Payload"].read()) == {"ok": True}
        ids.append(response["ResponseMetadata"]["RequestId"])
    log = wait_for(lambda: (lambda text: text if all("invoke %s" % i in text for i in ids) else None)(
        server.function_log(name)), 30, 0.2, "the extension's INVOKE lines")
    # One registration per environment (a caller answered before the extension is done may find the environment
    # still busy, and get another, as on Lambda).
    assert 1 <= log.count("[py-ext] registered for %s app.handler" % name) <= 3
    # An invocation ends for the environment after the extension's next: its REPORT comes after the extension's line.
    for request_id in ids:
        assert log.index("[py-ext] invoke %s" % request_id) < log.index("REPORT RequestId: %s" % request_id)
    wait_for(lambda: "[py-ext] shutdown spindown" in server.function_log(name), 60, 0.2, "SHUTDOWN at the idle end")


def test_an_extension_that_exits_during_an_invocation_costs_the_environment(lamb_servers, functions_on):
    server = lamb_servers.start()
    name = create(server, functions_on, mode="crash")
    lam = server.client()
    first = lam.invoke(FunctionName=name)
    assert json.loads(first["Payload"].read()) == {"ok": True}  # the runtime's answer was already given
    wait_for(lambda: "Extension.Crash" in server.function_log(name), 30, 0.2, "the crash in the log")
    lam.invoke(FunctionName=name)
    wait_for(lambda: server.function_log(name).count("[py-ext] registered") == 2, 30, 0.2,
             "a fresh environment for the next invocation")


# Sleeps past a 1 s timeout.
SLOW_APP = {"app.py": "import time\n\ndef handler(event, context):\n    time.sleep(5)\n"}


def test_an_environment_lost_to_a_timeout_tells_its_extensions_why(lamb_servers, functions_on):
    server = lamb_servers.start()
    lam = server.client()
    name = functions_on(server).create(SLOW_APP, Layers=[extension_layer(lam)], Timeout=1)
    timed_out = lam.invoke(FunctionName=name)
    assert json.loads(timed_out["Payload"].read())["errorType"] == "Sandbox.Timedout"
    wait_for(lambda: "[py-ext] shutdown timeout" in server.function_log(name), 30, 0.2, "SHUTDOWN timeout")


def test_an_extension_init_error_fails_the_init(lamb_servers, functions_on):
    server = lamb_servers.start()
    name = create(server, functions_on, mode="init-error")
    response = server.client().invoke(FunctionName=name)
    assert response["FunctionError"] == "Unhandled"
    assert json.loads(response["Payload"].read())["errorType"] == "Extension.ConfigMissing"


def test_registering_after_init_is_refused(lamb, functions):
    source = ("import json, os, urllib.request, urllib.error\n\ndef handler(event, context):\n"
              "    request = urllib.request.Request('http://%s/2020-01-01/extension/register' %"
              " os.environ['AWS_LAMBDA_RUNTIME_API'], data=b'{\"events\": []}', method='POST',"
              " headers={'Lambda-Extension-Name': 'late'})\n"
              "    try:\n        urllib.request.urlopen(request)\n        return 'registered'\n"
              "    except urllib.error.HTTPError as e:\n        return [e.code, json.loads(e.read())['errorType']]\n")
    name = functions.create({"app.py": source})
    result = json.loads(lamb.client().invoke(FunctionName=name)["Payload"].read())
    assert result == [403, "Extension.InvalidStateTransition"]


TELEMETRY_EXTENSION = r'''#!/usr/bin/env python3
import http.server, json, os, threading, urllib.request

base = "http://%s" % os.environ["AWS_LAMBDA_RUNTIME_API"]


class Listener(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        events = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        # The environment's own /tmp (TMPDIR: without the Linux sandbox, /tmp is the host's).
        with open(os.path.join(os.environ.get("TMPDIR", "/tmp"), "telemetry.jsonl"), "a") as f:
            for event in events:
                f.write(json.dumps(event) + "\n")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
threading.Thread(target=server.serve_forever, daemon=True).start()


def call(path, body=None, headers=None, method=None):
    request = urllib.request.Request(base + path, data=body, headers=headers or {}, method=method)
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


headers, _ = call("/2020-01-01/extension/register", json.dumps({"events": ["INVOKE"]}).encode(),
                  {"Lambda-Extension-Name": "telemetry-ext"}, "POST")
ext = headers["Lambda-Extension-Identifier"]
subscription = {"schemaVersion": "2022-12-13", "types": ["platform", "function"],
                "buffering": {"maxItems": 1000, "maxBytes": 262144, "timeoutMs": 25},
                "destination": {"protocol": "HTTP", "URI": "http://sandbox.localdomain:%d" % server.server_port}}
call("/2022-07-01/telemetry", json.dumps(subscription).encode(), {"Lambda-Extension-Identifier": ext}, "PUT")
while True:
    call("/2020-01-01/extension/event/next", headers={"Lambda-Extension-Identifier": ext})
'''

TELEMETRY_APP = {"app.py": """import json, os, time

def handler(event, context):
    print("handler ran")
    wanted = event.get("after")
    for _ in range(400):
        try:
            with open(os.path.join(os.environ.get("TMPDIR", "/tmp"), "telemetry.jsonl")) as f:
                events = [json.loads(line) for line in f]
        except FileNotFoundError:
            events = []
        if not wanted or any(e["type"] == "platform.report" and e["record"]["requestId"] == wanted for e in events):
            return events
        time.sleep(0.05)
    return events
"""}


def settled(server, name):
    """Waits until the function's one environment is idle: the caller is answered before the extension is done, and
    an invocation made meanwhile would start a second environment (whose files hold none of the first's events)."""
    wait_for(lambda: [e["state"] for e in server.environments(name)] in (["idle"], ["frozen"]), 30, 0.05,
             "the environment to be idle again")


def test_an_extension_subscribed_to_the_telemetry_api_gets_platform_and_function_events(lamb, lam, functions):
    layer = extension_layer(lam, "telemetry-ext", TELEMETRY_EXTENSION)
    name = functions.create(TELEMETRY_APP, Layers=[layer], Timeout=30)
    first = lam.invoke(FunctionName=name)
    first_id = first["ResponseMetadata"]["RequestId"]
    settled(lamb, name)
    events = json.loads(lam.invoke(FunctionName=name, Payload=json.dumps({"after": first_id}))["Payload"].read())
    assert isinstance(events, list), events
    types = [(e["type"], e["record"].get("requestId") if isinstance(e["record"], dict) else e["record"]) for e in events]
    assert ("platform.start", first_id) in types, types
    assert ("platform.runtimeDone", first_id) in types
    assert ("platform.report", first_id) in types
    assert ("function", "handler ran") in types
    init_start = next(e for e in events if e["type"] == "platform.initStart")["record"]
    assert init_start["initializationType"] == "on-demand" and init_start["functionName"] == name
    report = next(e for e in events if e["type"] == "platform.report")["record"]
    assert report["status"] == "success"
    assert set(report["metrics"]) >= {"durationMs", "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB"}


# The Telemetry extension as a Logs API (2020-08-15) subscriber, which first tries a TCP destination and says how it
# was answered.
LOGS_EXTENSION = TELEMETRY_EXTENSION.replace("telemetry.jsonl", "logs.jsonl").replace(
    '"telemetry-ext"', '"logs-ext"').replace("import http.server,", "import urllib.error, http.server,").replace(
    'call("/2022-07-01/telemetry",', '''try:
    call("/2020-08-15/logs", json.dumps({"types": ["function"], "destination": {"protocol": "TCP", "port": 9999}}).encode(),
         {"Lambda-Extension-Identifier": ext}, "PUT")
    print("[logs-ext] tcp accepted", flush=True)
except urllib.error.HTTPError as e:
    print("[logs-ext] tcp refused %d %s" % (e.code, json.loads(e.read())["errorType"]), flush=True)
call("/2020-08-15/logs",''')


def test_the_logs_api_delivers_function_lines_and_refuses_tcp(lamb, lam, functions):
    layer = extension_layer(lam, "logs-ext", LOGS_EXTENSION)
    reader = TELEMETRY_APP["app.py"].replace("telemetry.jsonl", "logs.jsonl")
    name = functions.create({"app.py": reader}, Layers=[layer], Timeout=30)
    first_id = lam.invoke(FunctionName=name)["ResponseMetadata"]["RequestId"]
    settled(lamb, name)
    events = json.loads(lam.invoke(FunctionName=name, Payload=json.dumps({"after": first_id}))["Payload"].read())
    assert isinstance(events, list), events
    assert any(e["type"] == "function" and "handler ran" in e["record"] for e in events), events
    assert any(e["type"] == "platform.report" and e["record"]["requestId"] == first_id for e in events)
    # A TCP destination is not delivered by Lamb: that subscription is refused, and says so.
    log = lamb.function_log(name)
    assert "[logs-ext] tcp refused 400 ValidationError" in log, log
