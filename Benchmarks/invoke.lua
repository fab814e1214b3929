-- wrk script: POSTs the same small JSON event to one URL and, at the end, prints the latency distribution as one
-- JSON line (microseconds) for bench.py to read.
wrk.method = "POST"
wrk.body = os.getenv("LAMB_BENCH_BODY") or "{}"
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
        + summary.errors.timeout
    io.write(string.format(
        'LAMB_BENCH {"requests":%d,"duration_us":%d,"errors":%d,"min":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\n',
        summary.requests, summary.duration, errors, latency.min, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max))
end
