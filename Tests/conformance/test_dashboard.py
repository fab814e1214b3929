"""The dashboard at /_lamb/ (docs/dashboard.md): its assets and live stream over HTTP, and the page itself in a real
headless Chromium driven by Playwright.

The browser is the distribution's Chromium (`apt-get install chromium`; scripts/test installs it as root), named by
`LAMB_TEST_CHROMIUM` or found at /usr/bin/chromium: Playwright's own browser download needs a network the test
machines do not have. Without Playwright or a browser, the browser test skips with the reason; the HTTP tests run
anyway.

Screenshots go to Tests/conformance/artifacts/ (git-ignored), at 1280x800 and at a 390 px phone width.
"""

import http.client
import json
import os
import shutil
import signal
import tempfile
import threading
import time

import pytest

from conftest import HERE, ServerFactory, wait_for

ARTIFACTS = os.path.join(HERE, "artifacts")

SLEEPER = """
import time

def handler(event, context):
    time.sleep(event.get("sleep", 1.0))
    return {"slept": event.get("sleep", 1.0)}
"""

ECHO = """
import json

def handler(event, context):
    print("echo got", json.dumps(event)[:200])
    if event.get("fail"):
        raise ValueError("asked to fail")
    return {"echo": event}
"""


def find_chromium():
    for path in (os.environ.get("LAMB_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                 shutil.which("chromium") or None, shutil.which("chromium-browser") or None):
        if path and os.path.exists(path):
            return path
    return None


@pytest.fixture(scope="module")
def dash(lamb_root):
    """A server of its own: the dashboard shows every function, and this module's are the only ones."""
    factory = ServerFactory(lamb_root)
    server = factory.start(name="dashboard")
    yield server
    factory.close()


class EventStream(object):
    """A raw SSE client on http.client: yields (event, data) pairs."""

    def __init__(self, server, path="/_lamb/v1/stream", timeout=30):
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
        self.conn.request("GET", path, headers={"Accept": "text/event-stream"})
        self.response = self.conn.getresponse()

    def next_event(self):
        name, data = "message", []
        while True:
            line = self.response.fp.readline()
            if not line:
                return None
            line = line.decode("utf-8").rstrip("\r\n")
            if line == "":
                if data:
                    return name, "\n".join(data)
                name = "message"
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)

    def close(self):
        self.conn.close()


# ---------------------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------------------


def test_page_and_assets_are_served_with_their_types_and_caching(dash):
    for path in ("/_lamb/", "/_lamb"):
        status, headers, body = dash.request("GET", path)
        assert status == 200, (path, status, body[:300])
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Cache-Control"] == "no-cache"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert b"<title>Lamb dashboard</title>" in body
    page = body.decode()
    for name, content_type in (("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8"),
                               ("icon.svg", "image/svg+xml")):
        # The page names each asset with a version, so that the asset may be cached for good.
        marker = "/_lamb/assets/%s?v=" % name
        assert marker in page, name
        url = page[page.index(marker):].split('"')[0]
        status, headers, body = dash.request("GET", url)
        assert status == 200 and body, (url, status)
        assert headers["Content-Type"] == content_type
        assert "immutable" in headers["Cache-Control"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        status, again, body = dash.request("GET", url, headers={"If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"", (url, status)
    status, _, _ = dash.request("GET", "/_lamb/assets/nothing.js")
    assert status == 404


def test_stream_sends_snapshots_with_environments_history_and_queue(dash, functions_on):
    name = functions_on(dash).create({"app.py": ECHO})
    dash.client().invoke(FunctionName=name, Payload=b'{"n": 1}')
    stream = EventStream(dash)
    try:
        assert stream.response.status == 200
        assert stream.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        event, data = stream.next_event()
        assert event == "snapshot"
        snapshot = json.loads(data)
        assert {"time", "environments", "functions", "invocations", "nextAfter", "queue", "account"} <= set(snapshot)
        assert name in [f["name"] for f in snapshot["functions"]]
        assert [e for e in snapshot["environments"] if e["function"] == name]
        assert [r for r in snapshot["invocations"] if r["function"] == name]
        assert set(snapshot["queue"]) >= {"queued", "in-flight", "retrying", "failed"}
        seen = snapshot["nextAfter"]
        # A later invocation arrives in a later event, after the position already sent.
        request_id = dash.client().invoke(FunctionName=name, Payload=b'{"n": 2}')["ResponseMetadata"]["RequestId"]
        def arrived():
            event, data = stream.next_event()
            records = json.loads(data)["invocations"] if event == "snapshot" else []
            assert all(r["id"] > seen for r in records)
            return any(r["requestId"] == request_id for r in records)
        wait_for(arrived, 60, 0, "the new invocation in the stream")
    finally:
        stream.close()


def test_streams_end_when_their_clients_go(lamb_servers):
    # With room for two connections, two streams left open by gone clients would lock everyone out for good.
    server = lamb_servers.start("--max-connections", "2", name="dash-cap")

    def two_streams():
        streams = []
        try:
            for _ in range(2):
                stream = EventStream(server, timeout=10)
                streams.append(stream)
                if stream.next_event()[0] != "snapshot":
                    return False
            return True
        except (OSError, http.client.HTTPException, TypeError):
            return False
        finally:
            for stream in streams:
                stream.close()

    for _ in range(3):
        wait_for(two_streams, 60, 0.5, "two streams once the previous clients went")
    wait_for(lambda: server._healthy(), 60, 0.5, "the health check")


def test_shutdown_ends_open_streams(lamb_servers):
    server = lamb_servers.start(name="dash-stop")
    stream = EventStream(server, timeout=60)
    assert stream.next_event()[0] == "snapshot"
    server.proc.send_signal(signal.SIGTERM)
    events = []
    while True:
        event = stream.next_event()
        if event is None:
            break
        events.append(event[0])
    stream.close()
    assert events[-1] == "shutdown", events
    assert server.stop(timeout=60) == 0


# ---------------------------------------------------------------------------------------------------------------
# The page in a browser
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install playwright)")
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium to drive: apt-get install chromium (or set LAMB_TEST_CHROMIUM)")
    with sync_playwright() as p:
        try:
            # As root Chromium refuses its own sandbox; the page is Lamb's, loaded from loopback.
            instance = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        except Exception as e:  # the browser does not start here: say why rather than fail on the host
            pytest.skip("Chromium at %s does not start: %s" % (executable, str(e).splitlines()[0]))
        yield instance
        instance.close()


def lanes(page, function):
    return page.eval_on_selector_all(
        "#lanes g.lane", "(gs, fn) => gs.filter(g => g.dataset.function === fn).map(g => g.dataset.state)", function)


def test_dashboard_in_a_browser(dash, functions_on, browser):
    os.makedirs(ARTIFACTS, exist_ok=True)
    made = functions_on(dash)
    sleeper = made.create({"app.py": SLEEPER}, Timeout=30)
    echo = made.create({"app.py": ECHO})
    lam = dash.client()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append("console %s: %s" % (m.type, m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append("page error: %s" % e))
    page.goto(dash.endpoint + "/_lamb/")
    page.wait_for_function("() => document.getElementById('status-text').textContent === 'Live'", timeout=60000)
    page.wait_for_selector("#functions-body th:text('%s')" % sleeper, timeout=60000)

    # Keyboard: the first Tab reaches the skip link, which leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"

    # A burst of 20 concurrent invocations: lanes appear, one per environment, and turn idle once it is over.
    results = []

    def run():
        response = lam.invoke(FunctionName=sleeper, Payload=json.dumps({"sleep": 1.0}).encode())
        results.append(response.get("FunctionError") or "ok")

    page.click("button[data-window='30000']")
    assert page.get_attribute("button[data-window='30000']", "aria-pressed") == "true"
    threads = [threading.Thread(target=run) for _ in range(20)]
    for thread in threads:
        thread.start()
    wait_for(lambda: len(lanes(page, sleeper)) >= 2, 120, 0.2, "lanes of the burst's environments")
    for thread in threads:
        thread.join(180)
    assert results == ["ok"] * 20, results

    def environments_of_burst():
        history = json.loads(dash.get("/_lamb/v1/history?function=%s&limit=100" % sleeper))["invocations"]
        return {r["environmentId"] for r in history if r.get("environmentId")}

    wait_for(lambda: len(lanes(page, sleeper)) == len(environments_of_burst()), 60, 0.2,
             "a lane for each environment of the burst")
    wait_for(lambda: set(lanes(page, sleeper)) == {"idle"}, 60, 0.2, "the burst's lanes to turn idle")
    page.screenshot(path=os.path.join(ARTIFACTS, "dashboard-burst-1280.png"), full_page=False)
    page.click("#pause")
    assert page.get_attribute("#pause", "aria-pressed") == "true"
    page.click("#pause")
    page.click("button[data-window='60000']")

    # An invocation from the form, with an event template: its result and REPORT show inline.
    page.select_option("#invoke-function", echo)
    # `lamb generate-event`'s events are offered too.
    page.wait_for_selector("#invoke-template option[value='gen:kinesis get-records']", state="attached", timeout=30000)
    page.select_option("#invoke-template", "gen:kinesis get-records")
    assert "aws:kinesis" in page.input_value("#invoke-payload")
    page.select_option("#invoke-template", "sqs")
    assert "aws:sqs" in page.input_value("#invoke-payload")
    page.click("#invoke-submit")
    page.wait_for_selector("#invoke-status", timeout=60000)
    assert page.text_content("#invoke-status").startswith("Succeeded")
    result = page.text_content("#invoke-result")
    assert "Records" in result and "Billed Duration" in result and "Max Memory Used" in result, result
    # A function error from the form says so.
    page.fill("#invoke-payload", '{"fail": true}')
    page.click("#invoke-submit")
    page.wait_for_function(
        "() => (document.getElementById('invoke-status') || {}).textContent?.startsWith('Function error')",
        timeout=60000)
    assert "ValueError" in page.text_content("#invoke-result")

    # A failed invocation is found with the errors filter and its request id; its row opens the REPORT figures
    # and its log lines.
    ok_id = lam.invoke(FunctionName=echo, Payload=b'{"ok": 1}')["ResponseMetadata"]["RequestId"]
    failed = lam.invoke(FunctionName=echo, Payload=b'{"fail": true}')
    assert failed.get("FunctionError") == "Unhandled"
    failed_id = failed["ResponseMetadata"]["RequestId"]
    page.wait_for_selector("button[data-request='%s']" % ok_id, timeout=60000)
    page.check("#filter-errors")
    page.fill("#filter-text", failed_id[:13])
    page.wait_for_selector("button[data-request='%s']" % failed_id, timeout=60000)
    wait_for(lambda: page.query_selector("button[data-request='%s']" % ok_id) is None, 30, 0.2,
             "successful invocations to leave the errors-only list")
    # Opened from the keyboard.
    page.focus("button[data-request='%s']" % failed_id)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => (document.querySelector('#detail pre.log') || {}).textContent?.includes('REPORT RequestId: %s')"
        % failed_id,
        timeout=60000)
    detail = page.text_content("#detail")
    assert "ValueError" in detail and "Billed duration" in detail and "Payload" in detail, detail
    log = page.text_content("#detail pre.log")
    assert log.startswith("START RequestId: %s" % failed_id), log
    assert "asked to fail" in log
    assert page.evaluate("document.activeElement.id") == "detail-h"
    page.uncheck("#filter-errors")
    page.fill("#filter-text", "")
    page.wait_for_selector("button[data-request='%s']" % ok_id, timeout=30000)

    page.screenshot(path=os.path.join(ARTIFACTS, "dashboard-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.wait_for_timeout(500)
    # Nothing wider than the phone: wide tables scroll inside their own regions.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(ARTIFACTS, "dashboard-390.png"), full_page=False)
    page.screenshot(path=os.path.join(ARTIFACTS, "dashboard-390-full.png"), full_page=True)
    context.close()
    assert not problems, problems
