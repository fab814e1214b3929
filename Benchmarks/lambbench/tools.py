"""Load generators and process probes."""

import json
import os
import subprocess
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wrk(url, connections, seconds, threads=None, body="{}"):
    """Runs wrk with invoke.lua; returns {"requests", "duration_us", "errors", "min", "p50", ...} (µs)."""
    threads = threads or min(connections, 2)
    env = dict(os.environ, LAMB_BENCH_BODY=body)
    out = subprocess.run(
        ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--timeout", "30s",
         "-s", os.path.join(HERE, "invoke.lua"), url],
        capture_output=True, text=True, env=env, check=True).stdout
    for line in out.splitlines():
        if line.startswith("LAMB_BENCH "):
            result = json.loads(line[len("LAMB_BENCH "):])
            result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise RuntimeError("wrk printed no result:\n" + out)


def spawn_times(argv, count):
    """Wall-clock milliseconds of running `argv` to completion, `count` times."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return times


def descendants(pid):
    """`pid` and every process below it (through /proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def pss_kb(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def report_field(log, field):
    """A number from the REPORT line of a log tail, e.g. `Init Duration`."""
    for line in log.splitlines():
        if line.startswith("REPORT") and field + ": " in line:
            return float(line.split(field + ": ")[1].split()[0])
    return None
