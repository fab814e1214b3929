"""Scenario 7: CPU follows memory. A fixed busy loop at 884 MB should take about twice as long as at 1769 MB
(Lambda: 1769 MB = one vCPU); the baseline is the same loop at 1769 MB."""

import base64

from .stats import distribution
from .tools import report_field

BUSY = (
    "def handler(event, context):\n"
    "    n = 0\n"
    "    for i in range(event.get('n', 3000000)):\n"
    "        n += i\n"
    "    return n\n")


def durations(server, name, count):
    lam = server.client()
    lam.invoke(FunctionName=name, Payload=b'{"n": 1000}')  # cold start outside the measurement
    out = []
    for _ in range(count):
        r = lam.invoke(FunctionName=name, Payload=b"{}", LogType="Tail")
        r["Payload"].read()
        out.append(report_field(base64.b64decode(r["LogResult"]).decode(), "Duration"))
    return out


def run(report, server, count):
    server.create("busy-1769", {"app.py": BUSY}, memory=1769, timeout=60)
    server.create("busy-884", {"app.py": BUSY}, memory=884, timeout=60)
    full = distribution(durations(server, "busy-1769", count))
    half = distribution(durations(server, "busy-884", count))
    report.add("7 CPU follows memory", "busy loop at 884 MB", "ms", half, full, "same loop at 1769 MB",
               note="Lambda's rule gives a ratio of 2.0")
