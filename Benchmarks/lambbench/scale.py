"""Scenario 5: 0 -> N concurrent environments (N concurrent invokes of a handler that sleeps HOLD_SECONDS)."""

import asyncio
import json
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from .tools import descendants, pss_kb

# Each invocation holds its environment this long after init (the 0 -> N time is the last answer minus it).
HOLD_SECONDS = 2
SLEEPER = "import time\ndef handler(event, context):\n    time.sleep(%d)\n    return {}\n" % HOLD_SECONDS


async def _invoke(port, name, results):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    body = b"{}"
    writer.write(
        b"POST /2015-03-31/functions/%s/invocations HTTP/1.1\r\nHost: lamb\r\nContent-Length: %d\r\n\r\n%s"
        % (name.encode(), len(body), body))
    await writer.drain()
    status = await reader.readline()
    outcome = status.split(b" ")[1].decode() if status else "closed"
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        # A failed init (e.g. over the 10 s init limit) is a 200 that carries the function error.
        if line.lower().startswith(b"x-amz-function-error:"):
            outcome = "function error"
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    answered = time.perf_counter()
    if outcome == "function error" and length:
        try:
            outcome = "function error: %s" % json.loads(await reader.readexactly(length)).get("errorType")
        except (ValueError, AttributeError, asyncio.IncompleteReadError):
            pass
    results.append((outcome, answered))
    writer.close()


async def _burst(port, name, count):
    results = []
    await asyncio.gather(*[_invoke(port, name, results) for _ in range(count)])
    return results


def run(report, server, python, count):
    name = server.create("sleeper", {"app.py": SLEEPER}, memory=128, timeout=60)
    start = time.perf_counter()
    results = []
    thread = threading.Thread(target=lambda: results.extend(asyncio.run(_burst(server.port, name, count))))
    thread.start()
    polled_at = None
    while thread.is_alive():
        # A cross-check only, once a second: listing 1000 environments costs Lamb ~20 ms of CPU, and polling it ten
        # times a second took about a tenth of this 2-core machine away from the cold starts being measured.
        ready = [e for e in server.environments(name) if e.get("state") in ("invoking", "idle")]
        if polled_at is None and len(ready) >= count:
            polled_at = time.perf_counter() - start
        time.sleep(1.0)
    total = time.perf_counter() - start
    ok = sum(1 for code, _ in results if code == "200")
    # Ready: init is over. Each invocation's handler starts as soon as its environment is ready and sleeps, so the
    # last answer came HOLD_SECONDS after the last environment was ready.
    ready_at = max(t for code, t in results if code == "200") - start - HOLD_SECONDS if ok else None
    envs = server.environments(name)
    pids = [e["pid"] for e in envs if e.get("pid")]
    per_env_kb = [sum(pss_kb(p) for p in descendants(pid)) for pid in pids]
    lamb_rss_mb = server.rss_peak_kb() / 1024.0

    # Baselines: starting `count` bare interpreters, two at a time (this host's cores), and one idle interpreter.
    t0 = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: subprocess.run([python, "-c", "pass"]), range(count)))
    bare_start = time.perf_counter() - t0
    idle = subprocess.Popen([python, "-c", "import time; time.sleep(60)"])
    time.sleep(1.0)
    idle_kb = pss_kb(idle.pid)
    idle.kill()

    label = "%d envs" % count
    report.add("5 scale-out", "0 -> %s ready" % label, "s", round(ready_at, 2) if ready_at else None,
               round(bare_start, 2), "%d bare starts" % count,
               note="%d/%d invocations succeeded (failures: %s), %d environments left; all done in %.1f s; the "
                    "once-a-second listing saw all ready at %s s" % (
                        ok, count, dict(Counter(code for code, _ in results if code != "200")) or "none", len(pids),
                        total, "%.1f" % polled_at if polled_at else "-"))
    report.add("5 scale-out", "Lamb peak RSS", "MiB", round(lamb_rss_mb, 1))
    report.add("5 scale-out", "memory of all envs (PSS)", "MiB", round(sum(per_env_kb) / 1024.0, 1))
    if per_env_kb:
        report.add("5 scale-out", "memory per idle env (PSS)", "MiB",
                   round(sum(per_env_kb) / len(per_env_kb) / 1024.0, 2), round(idle_kb / 1024.0, 2),
                   "idle bare interpreter")
