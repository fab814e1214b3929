"""Scenarios 1, 2 and 6: warm latency, warm throughput, and the cost of freezing (sandbox on vs off)."""

import os
import subprocess
import sys

from .stats import distribution
from .tools import wrk

NOOP = "def handler(event, context):\n    return event\n"

# The same handler called directly, in-process: what an invocation costs with no platform at all.
IN_PROCESS = r"""
import time, sys
sys.path.insert(0, sys.argv[1])
from app import handler
class Context: pass
samples = []
for _ in range(200000):
    t = time.perf_counter_ns()
    handler({}, Context())
    samples.append((time.perf_counter_ns() - t) / 1000.0)
print(" ".join("%.3f" % s for s in samples[1000:]))
"""


def handler_baseline(python, workdir):
    os.makedirs(workdir, exist_ok=True)
    with open(os.path.join(workdir, "app.py"), "w") as f:
        f.write(NOOP)
    out = subprocess.run([python, "-c", IN_PROCESS, workdir], capture_output=True, text=True, check=True).stdout
    return distribution([float(x) for x in out.split()])


def latency_us(result):
    return {k: result[k] for k in ("min", "p50", "p90", "p99", "max")} | {"n": result["requests"]}


def run(report, server, plain_server, python, workdir, seconds):
    server.create("noop", {"app.py": NOOP})
    plain_server.create("noop", {"app.py": NOOP})
    url = server.invoke_url("noop")
    wrk(url, 1, 2)  # warm-up: the environment exists and the JIT-less paths are paged in

    baseline = handler_baseline(python, workdir)
    one = wrk(url, 1, seconds)
    lamb = latency_us(one)
    report.add("1 warm latency (1 client)", "Invoke round trip", "µs", lamb, baseline, "in-process call",
               note="wrk, 1 connection, keep-alive; %d errors" % one["errors"])
    report.add("1 warm latency (1 client)", "overhead p50", "µs", lamb["p50"] - baseline["p50"])
    report.add("1 warm latency (1 client)", "overhead p99", "µs", lamb["p99"] - baseline["p99"])

    for clients in (1, 4, 16, 64):
        wrk(url, clients, 2)  # scale out to `clients` environments first
        health = wrk(server.url + "/_lamb/v1/health", clients, max(2, seconds // 2))
        result = wrk(url, clients, seconds)
        report.add("2 warm throughput", "%d clients" % clients, "inv/s", round(result["rate"]),
                   round(health["rate"]), "GET /health",
                   note=None if not result["errors"] else "%d errors" % result["errors"])

    plain_url = plain_server.invoke_url("noop")
    wrk(plain_url, 1, 2)
    plain = latency_us(wrk(plain_url, 1, seconds))
    report.add("6 freeze/thaw cost", "warm round trip, sandbox on", "µs", lamb, plain, "sandbox off")
    report.add("6 freeze/thaw cost", "p50 difference", "µs", lamb["p50"] - plain["p50"])
