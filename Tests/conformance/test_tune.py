"""`lamb tune`: a function run at several memory sizes on configurations made for the run, through the real CLI.

Shapes, never times: a CPU-bound function gets faster with memory up to one vCPU (Lamb caps CPU as Lambda does), a
sleeping one does not and only costs more; the recommendation follows the strategy; the function is left as it
was; the HTML report opens in a real browser (the dashboard test's Chromium) without errors.
"""

import json
import os
import subprocess

import pytest

from conftest import LAMB_BIN
from test_dashboard import ARTIFACTS, browser  # noqa: F401 (browser is a fixture)

# Burns CPU: `n` rounds of SHA-256 (about 30 ms on one full core).
CPU_BOUND = """
import hashlib

def handler(event, context):
    digest = b"lamb"
    for _ in range(event.get("n", 60000)):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()
"""

SLEEPER = """
import time

def handler(event, context):
    time.sleep(0.2)
    return "slept"
"""

# Fails below 256 MB, as a function that needs more memory would (the same at every sandbox).
NEEDS_256 = """
import os

def handler(event, context):
    if int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]) < 256:
        raise MemoryError("needs 256 MB")
    return "ok"
"""


def tune(lamb, function, *args):
    return subprocess.run([LAMB_BIN, "tune", function, "--endpoint", lamb.endpoint, *args],
                          capture_output=True, text=True, timeout=600)


def tune_json(lamb, function, *args):
    done = tune(lamb, function, "--output", "json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def by_size(report):
    return {s["memorySizeMB"]: s for s in report["sizes"]}


def test_cpu_bound_gets_faster_up_to_one_vcpu(lamb, functions):
    name = functions.create({"app.py": CPU_BOUND}, Timeout=60)
    report = tune_json(lamb, name, "--memory", "128,512,1769,3008", "--runs", "5", "--strategy", "speed")
    if not report["cpuLimited"]:
        pytest.skip("this sandbox does not cap CPU (--sandbox process): every size runs at full speed")
    sizes = by_size(report)
    assert all(s["errors"] == 0 and s["runs"] == 5 for s in sizes.values()), sizes
    # 128 MB has 1/14 of the CPU 1,769 MB has: far slower (the ratio is generous).
    assert sizes[128]["p50DurationMs"] > 4 * sizes[1769]["p50DurationMs"], sizes
    assert sizes[128]["p50DurationMs"] > sizes[512]["p50DurationMs"] > sizes[1769]["p50DurationMs"], sizes
    # One thread cannot use more than one core: beyond 1,769 MB it does not get much faster.
    assert sizes[3008]["p50DurationMs"] > 0.5 * sizes[1769]["p50DurationMs"], sizes
    assert report["recommendedMemorySizeMB"] in (1769, 3008)
    assert report["strategy"] == "speed" and report["mode"] == "warm"


def test_sleep_bound_is_flat_and_costs_more_with_memory(lamb, functions):
    name = functions.create({"app.py": SLEEPER})
    report = tune_json(lamb, name, "--memory", "128,1024", "--runs", "3", "--strategy", "cost")
    sizes = by_size(report)
    assert 0.6 < sizes[128]["p50DurationMs"] / sizes[1024]["p50DurationMs"] < 1.6, sizes
    assert sizes[1024]["costPerInvocation"] > 4 * sizes[128]["costPerInvocation"], sizes
    assert report["recommendedMemorySizeMB"] == 128
    balanced = tune_json(lamb, name, "--memory", "128,1024", "--runs", "3")
    assert balanced["strategy"] == "balanced" and balanced["recommendedMemorySizeMB"] == 128


def test_the_function_is_unchanged_and_an_error_is_a_result(lamb, lam, functions):
    name = functions.create({"app.py": NEEDS_256})
    before = lam.get_function_configuration(FunctionName=name)
    report = tune_json(lamb, name, "--memory", "128,512", "--runs", "2", "--cold")
    sizes = by_size(report)
    assert sizes[128]["errors"] == 2 and sizes[128]["errorTypes"] == ["MemoryError"], sizes[128]
    assert sizes[512]["errors"] == 0 and sizes[512]["p50InitDurationMs"] > 0, sizes[512]
    assert report["mode"] == "cold" and report["recommendedMemorySizeMB"] == 512
    after = lam.get_function_configuration(FunctionName=name)
    for key in ("MemorySize", "RevisionId", "LastModified", "CodeSha256"):
        assert after[key] == before[key], key
    # Its own environments were never the tuning's: the tuning's are gone, and the function still answers at 128 MB.
    assert lamb.environments(name) == []
    answer = lam.invoke(FunctionName=name)
    assert answer["FunctionError"] == "Unhandled"
    # The tuning's runs are in the history, marked as such.
    history = json.loads(lamb.get("/_lamb/v1/history?function=" + name))["invocations"]
    assert {r["trigger"] for r in history} == {"tune", "api"}


def test_json_shape_and_bad_input(lamb, functions):
    name = functions.create({"app.py": SLEEPER.replace("0.2", "0")})
    report = tune_json(lamb, name, "--memory", "256", "--runs", "1")
    assert set(report) == {"function", "strategy", "mode", "runsPerSize", "currency", "hostCores", "hostFreeCores",
                           "cpuLimited", "sizes", "recommendedMemorySizeMB", "reason", "note"}
    assert set(report["sizes"][0]) == {
        "memorySizeMB", "vCPUs", "runs", "errors", "errorTypes", "p50DurationMs", "p90DurationMs", "p99DurationMs",
        "meanBilledDurationMs", "maxMemoryUsedMB", "costPerInvocation", "costPerMillion", "distinguishable"}
    assert "local estimates" in report["note"]

    bad = tune(lamb, name, "--memory", "64,128")
    assert bad.returncode == 64 and "--memory" in bad.stderr
    missing = tune(lamb, "no-such-function", "--memory", "128", "--runs", "1")
    assert missing.returncode == 2 and "ResourceNotFoundException" in missing.stderr


def test_html_report_opens_in_a_browser(lamb, functions, browser, tmp_path):  # noqa: F811
    name = functions.create({"app.py": CPU_BOUND}, Timeout=60)
    path = str(tmp_path / "report.html")
    done = tune(lamb, name, "--memory", "128,1024", "--runs", "2", "--payload", '{"n": 20000}', "--output", "html",
                "--report", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == path
    assert "128 MB" in done.stderr and "2/2" in done.stderr, "a progress line per size"

    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto("file://" + path)
    assert page.locator("svg text", has_text="Memory size (MB)").count() == 1
    assert page.locator("svg text", has_text="recommended:").count() == 1
    assert page.locator("tbody tr").count() == 2
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "tune-report.png"), full_page=True)

    # The same chart in the dashboard, from the report lamb tune handed the server.
    assert lamb.get("/_lamb/v1/functions/%s/tune/chart.svg" % name).startswith(b"<svg")
    page.goto(lamb.endpoint + "/_lamb/")
    chart = page.wait_for_selector("#tuning-list figure.tuning img[alt*='%s']" % name, timeout=30000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart, timeout=30000)
    assert "recommended" in page.inner_text("#tuning-list")
    assert problems == []
