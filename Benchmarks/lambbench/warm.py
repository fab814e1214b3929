"""Scenarios 1, 2 and 6: warm latency, warm throughput, and the cost of freezing (sandbox on vs off)."""

import os
import resource
import subprocess
import sys

from .stats import distribution
from .tools import descendants, wrk

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


def cpu_seconds(pids):
    """User + system CPU time of `pids` so far (processes that are gone count 0)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / ticks


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk_measuring(url, clients, seconds, clocks):
    """wrk's result plus `cpu_us`: for each name of `clocks` (name -> CPU seconds so far), microseconds per request."""
    before = {name: clock() for name, clock in clocks.items()}
    result = wrk(url, clients, seconds)
    n = max(1, result["requests"])
    result["cpu_us"] = {name: (clock() - before[name]) / n * 1e6 for name, clock in clocks.items()}
    return result


def wrk_with_cpu(server, url, clients, seconds, function=None):
    """wrk's result plus CPU microseconds per request of Lamb, of the function's environments, and of wrk itself."""
    env_pids = [p for e in server.environments(function) for p in descendants(e["pid"])] if function else []
    return wrk_measuring(url, clients, seconds, {"lamb": lambda: cpu_seconds([server.proc.pid]),
                                                 "runtime": lambda: cpu_seconds(env_pids),
                                                 "wrk": children_cpu_seconds})


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

    throughput = {}
    for clients in (1, 4, 16, 64):
        wrk(url, clients, 2)  # scale out to `clients` environments first
        health = wrk_with_cpu(server, server.url + "/_lamb/v1/health", clients, max(2, seconds // 2))
        result = wrk_with_cpu(server, url, clients, seconds, "noop")
        throughput[clients] = (result["rate"], result["cpu_us"])
        report.add("2 warm throughput", "%d clients" % clients, "inv/s", round(result["rate"]),
                   round(health["rate"]), "GET /health",
                   note=None if not result["errors"] else "%d errors" % result["errors"])

    # Where the CPU of a warm invocation goes, at the highest load: what bounds throughput on this host.
    cpu = result["cpu_us"]
    report.add("2 warm throughput", "CPU per invocation, Lamb (64 clients)", "µs", round(cpu["lamb"]),
               round(health["cpu_us"]["lamb"]), "Lamb per GET /health")
    report.add("2 warm throughput", "CPU per invocation, runtime (64 clients)", "µs", round(cpu["runtime"]),
               baseline["p50"], "in-process call")
    report.add("2 warm throughput", "CPU per invocation, wrk (64 clients)", "µs", round(cpu["wrk"]))
    cores = os.cpu_count() or 1
    report.add("2 warm throughput", "ceiling from that CPU on %d cores" % cores, "inv/s",
               round(cores * 1e6 / max(1.0, sum(cpu.values()))),
               note="every core busy with Lamb, the runtimes and wrk only")

    plain_url = plain_server.invoke_url("noop")
    wrk(plain_url, 1, 2)
    plain = latency_us(wrk(plain_url, 1, seconds))
    report.add("6 freeze/thaw cost", "warm round trip, sandbox on", "µs", lamb, plain, "sandbox off")
    report.add("6 freeze/thaw cost", "p50 difference", "µs", lamb["p50"] - plain["p50"])
    return {"latency": lamb, "throughput": throughput}
