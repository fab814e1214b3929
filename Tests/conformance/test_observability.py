"""What Lambda would show: the invocation history, /metrics and lamb stats agree after a mixed run, and a caller's
X-Amzn-Trace-Id reaches the function.

The run: a cold start and warm invocations, a function error, an asynchronous invocation, and a throttle (reserved
concurrency 1 while an invocation is held on the gate). The history is the reference; /metrics is parsed with
Prometheus's own text parser and its counters compared with it; `lamb stats --json` is compared with a computation by
hand at the published prices.
"""

import json
import subprocess
import threading

import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import LAMB_BIN, Functions, ServerFactory, wait_for

OK = """
import os
def handler(event, context):
    if event.get("fail"):
        raise ValueError("asked to fail")
    return {"trace": os.environ.get("_X_AMZN_TRACE_ID")}
"""

HELD = """
import urllib.request
def handler(event, context):
    if event.get("wait"):
        urllib.request.urlopen(event["wait"], timeout=120).read()
    return {"held": True}
"""

X86_PER_GB_SECOND = 0.0000166667
PER_REQUEST = 0.20 / 1_000_000


@pytest.fixture(scope="module")
def server(lamb_root):
    factory = ServerFactory(lamb_root)
    yield factory.start("--async-retry-scale", "0.01", name="observability")
    factory.close()


@pytest.fixture(scope="module")
def run(server, gate):
    """The mixed run, once for the module: returns the functions' names."""
    lam = server.client()
    functions = Functions(lam, "obs")
    ok = functions.create({"app.py": OK})
    held = functions.create({"app.py": HELD})
    for _ in range(3):
        lam.invoke(FunctionName=ok, Payload=b"{}")
    failed = lam.invoke(FunctionName=ok, Payload=json.dumps({"fail": True}).encode())
    assert failed["FunctionError"] == "Unhandled"
    lam.invoke(FunctionName=ok, InvocationType="Event", Payload=b'{"async": true}')
    lam.put_function_concurrency(FunctionName=held, ReservedConcurrentExecutions=1)
    key = "observability-hold"
    holder = threading.Thread(
        target=lambda: lam.invoke(FunctionName=held, Payload=json.dumps({"wait": gate.wait_url(key)}).encode()))
    holder.start()
    wait_for(lambda: gate.count(key) >= 1, 60, 0.1, "the held invocation")
    with pytest.raises(lam.exceptions.TooManyRequestsException):
        lam.invoke(FunctionName=held, Payload=b"{}")
    gate.open(key)
    holder.join(60)
    wait_for(lambda: len(history(server, ok)) == 5, 60, 0.2, "the async invocation in the history")
    yield {"ok": ok, "held": held}
    functions.cleanup()


def history(server, function=None, **filters):
    query = "?limit=10000" + ("&function=" + function if function else "")
    for name, value in filters.items():
        query += "&%s=%s" % (name, value)
    return json.loads(server.get("/_lamb/v1/history" + query))["invocations"]


def test_the_history_says_how_each_invocation_ran(server, run):
    records = history(server, run["ok"])
    assert [r["startKind"] for r in records] == ["cold", "warm", "warm", "warm", "warm"]
    assert [r["trigger"] for r in records] == ["api", "api", "api", "api", "async"]
    assert [r["invocationType"] for r in records][-1] == "Event"
    assert [r["outcome"] for r in records] == ["success", "success", "success", "error", "success"]
    assert records[3]["errorType"] == "ValueError"
    assert "initDurationMs" in records[0] and "initDurationMs" not in records[1]
    for r in records:
        assert r["billedDurationMs"] >= r["durationMs"] and r["memorySizeMB"] == 128 and r["environmentId"]
    held = history(server, run["held"])
    assert sorted(r["outcome"] for r in held) == ["success", "throttled"]
    throttled = next(r for r in held if r["outcome"] == "throttled")
    assert throttled["startKind"] == "none" and throttled["errorType"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    assert [r["requestId"] for r in history(server, run["ok"], cold=1)] == [records[0]["requestId"]]
    assert [r["outcome"] for r in history(server, run["ok"], errors=1)] == ["error"]


def test_lamb_history_prints_the_filtered_table(server, run):
    done = subprocess.run([LAMB_BIN, "history", run["ok"], "--cold", "--endpoint", server.endpoint],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].split()[:4] == ["TIME", "FUNCTION", "VERSION", "START"]
    assert len(lines) == 2 and " cold " in lines[1]
    done = subprocess.run([LAMB_BIN, "history", "--errors", "--json", "--endpoint", server.endpoint],
                          capture_output=True, text=True, timeout=60)
    outcomes = sorted(json.loads(line)["outcome"] for line in done.stdout.splitlines())
    assert outcomes == ["error", "throttled"]


def test_metrics_parse_and_match_the_history(server, run):
    records = history(server)
    families = {f.name: f for f in text_string_to_metric_families(server.get("/metrics").decode())}

    def total(name, **labels):
        family = families.get(name)
        if family is None:
            return 0
        return sum(s.value for s in family.samples
                   if s.name.endswith("_total") or s.name == name
                   if all(s.labels.get(k) == v for k, v in labels.items()))

    for function in (run["ok"], run["held"]):
        ran = [r for r in records if r["function"] == function and r["outcome"] != "throttled"]
        assert total("lamb_invocations", function=function) == len(ran)
        assert total("lamb_errors", function=function) == sum(1 for r in ran if r["outcome"] != "success")
        assert total("lamb_throttles", function=function) == sum(
            1 for r in records if r["function"] == function and r["outcome"] == "throttled")
        assert total("lamb_cold_starts", function=function) == sum(1 for r in ran if r["startKind"] == "cold")
        durations = families["lamb_invocation_duration_seconds"]
        count = sum(s.value for s in durations.samples
                    if s.name.endswith("_count") and s.labels.get("function") == function)
        assert count == len(ran)
    assert families["lamb_account_concurrency_limit"].samples[0].value == 1000


def test_lamb_stats_matches_a_computation_by_hand(server, run):
    records = [r for r in history(server) if r["function"] in run.values()]
    done = subprocess.run([LAMB_BIN, "stats", "--json", "--endpoint", server.endpoint],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert "estimates" in stats["note"].lower()
    by_function = {f["function"]: f for f in stats["estimate"]["functions"]}
    total = 0.0
    for function in run.values():
        ran = [r for r in records if r["function"] == function and r["outcome"] != "throttled"]
        gb_seconds = sum(r["billedDurationMs"] / 1000 * r["memorySizeMB"] / 1024 for r in ran)
        cost = gb_seconds * X86_PER_GB_SECOND + len(ran) * PER_REQUEST
        figures = by_function[function]
        assert figures["invocations"] == len(ran)
        assert figures["gigabyteSeconds"] == pytest.approx(gb_seconds, rel=1e-9)
        assert figures["durationCost"] + figures["requestCost"] == pytest.approx(cost, rel=1e-9)
        total += cost
    assert stats["estimate"]["total"] == pytest.approx(total, rel=1e-9)
    text = subprocess.run([LAMB_BIN, "stats", run["ok"], "--endpoint", server.endpoint],
                          capture_output=True, text=True, timeout=60).stdout
    assert run["ok"] in text and "total:" in text and "estimates" in text.lower()


def test_the_callers_trace_id_reaches_the_function(server, run):
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    status, _, body = server.request(
        "POST", "/2015-03-31/functions/%s/invocations" % run["ok"], body=b"{}",
        headers={"X-Amzn-Trace-Id": trace})
    assert status == 200
    assert json.loads(body)["trace"] == trace
    # Without one, the function gets a new trace of its own.
    status, _, body = server.request("POST", "/2015-03-31/functions/%s/invocations" % run["ok"], body=b"{}")
    seen = json.loads(body)["trace"]
    assert seen.startswith("Root=1-") and seen != trace


class Collector(object):
    """An OpenTelemetry collector's OTLP/HTTP JSON traces endpoint (`POST /v1/traces`), keeping every span."""

    def __init__(self):
        import http.server

        self.spans = []
        self.lock = threading.Lock()
        collector = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/v1/traces":
                    document = json.loads(body)
                    with collector.lock:
                        for resource in document.get("resourceSpans", []):
                            for scope in resource.get("scopeSpans", []):
                                collector.spans += scope.get("spans", [])
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def snapshot(self):
        with self.lock:
            return list(self.spans)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def hex_id(value):
    """OTLP/JSON ids are hex; some encoders write the bytes in base64: both read as hex here."""
    import base64
    import string
    if all(c in string.hexdigits for c in value):
        return value.lower()
    return base64.b64decode(value).hex()


def attribute(span, key):
    for item in span.get("attributes", []):
        if item["key"] == key:
            value = item["value"]
            return next(iter(value.values())) if value else None
    return None


def test_invocations_become_opentelemetry_spans_in_the_callers_trace(lamb_root):
    collector = Collector()
    factory = ServerFactory(lamb_root)
    try:
        server = factory.start("--otel-endpoint", collector.endpoint, "--otel-protocol", "http/json", name="otel")
        lam = server.client()
        functions = Functions(lam, "otel")
        name = functions.create({"app.py": OK})
        trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        status, _, _ = server.request(
            "POST", "/2015-03-31/functions/%s/invocations" % name, body=b"{}", headers={"X-Amzn-Trace-Id": trace})
        assert status == 200
        lam.invoke(FunctionName=name, Payload=json.dumps({"fail": True}).encode())

        def spans_named(span_name):
            return [s for s in collector.snapshot() if s["name"] == span_name]

        wait_for(lambda: len(spans_named(name)) == 2, 60, 0.2, "two invocation spans at the collector")
        cold, failed = sorted(spans_named(name), key=lambda s: int(s["startTimeUnixNano"]))
        assert hex_id(cold["traceId"]) == "5759e988bd862e3fe1be46a994272793"
        assert hex_id(cold["parentSpanId"]) == "53995c3f42cd8ad8"
        assert attribute(cold, "faas.coldstart") is True
        assert attribute(cold, "lamb.start_kind") == "cold"
        assert attribute(failed, "lamb.start_kind") == "warm"
        assert failed.get("status", {}).get("code") in (2, "STATUS_CODE_ERROR")
        children = {s["name"]: s for s in collector.snapshot() if s.get("parentSpanId") == cold["spanId"]}
        assert set(children) == {"init", "invoke"}
        assert int(children["init"]["endTimeUnixNano"]) <= int(children["invoke"]["startTimeUnixNano"])
        functions.cleanup()
    finally:
        factory.close()
        collector.close()


def test_a_real_prometheus_scrapes_lamb(server, run, tmp_path):
    import shutil
    import socket
    import urllib.parse
    import urllib.request

    binary = shutil.which("prometheus")
    if binary is None:
        pytest.skip("Prometheus is not installed (Debian's prometheus package; the text parser test above stands in)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s}\n"
        "scrape_configs:\n"
        "  - job_name: lamb\n"
        "    static_configs: [{targets: ['127.0.0.1:%d']}]\n" % server.port)
    proc = subprocess.Popen(
        [binary, "--config.file", str(config), "--storage.tsdb.path", str(tmp_path / "data"),
         "--web.listen-address", "127.0.0.1:%d" % port],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def query(expression):
            url = "http://127.0.0.1:%d/api/v1/query?query=%s" % (port, urllib.parse.quote(expression))
            try:
                answer = json.loads(urllib.request.urlopen(url, timeout=5).read())
            except OSError:
                return None
            results = answer.get("data", {}).get("result", [])
            return float(results[0]["value"][1]) if results else None

        expected = len([r for r in history(server, run["ok"]) if r["outcome"] != "throttled"])
        wait_for(lambda: query('up{job="lamb"}') == 1, 120, 0.5, "Prometheus to scrape Lamb")
        wait_for(lambda: query('sum(lamb_invocations_total{function="%s"})' % run["ok"]) == expected, 120, 0.5,
                 "Prometheus to see the run's invocations")
    finally:
        proc.terminate()
        proc.wait(30)
