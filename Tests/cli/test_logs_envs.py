"""`lamb logs` (and --follow) and `lamb envs`."""

import json
import queue
import signal
import subprocess
import threading

from conftest import LAMB_BIN

GREETS = """
    count = 0

    def handler(event, context):
        global count
        count += 1
        print("invocation", count)
        print("two\\nlines")
        return count
"""


def test_logs_prints_messages_one_per_line(lamb, create, name):
    create(name, GREETS)
    assert lamb("invoke", name).code == 0
    assert lamb("invoke", name).code == 0
    logs = lamb("logs", name)
    assert logs.code == 0, logs
    lines = logs.stdout.splitlines()
    assert lines[0].startswith("INIT_START ")
    starts = [line for line in lines if line.startswith("START RequestId: ")]
    reports = [line for line in lines if line.startswith("REPORT RequestId: ")]
    assert len(starts) == 2 and len(reports) == 2
    assert "invocation 1" in lines and "invocation 2" in lines
    assert lines.count("two") == 2 and lines.count("lines") == 2


def test_logs_show_stream_and_timestamps(lamb, create, name):
    create(name, GREETS)
    assert lamb("invoke", name).code == 0
    logs = lamb("logs", name, "--show-stream", "--timestamps")
    assert logs.code == 0, logs
    for line in logs.stdout.splitlines():
        timestamp, stream, _ = line.split(" ", 2)
        assert timestamp.endswith("Z") and "T" in timestamp
        assert "[$LATEST]" in stream


def test_logs_since(lamb, create, name):
    create(name, GREETS)
    assert lamb("invoke", name).code == 0
    recent = lamb("logs", name, "--since", "1h")
    assert recent.code == 0, recent
    assert "invocation 1" in recent.stdout.splitlines()
    future = lamb("logs", name, "--since", "2999-01-01T00:00:00Z")
    assert future.code == 0, future
    assert future.stdout == ""
    bad = lamb("logs", name, "--since", "yesterday")
    assert bad.code == 64, bad


def test_logs_of_an_unknown_function(lamb, name):
    logs = lamb("logs", name)
    assert logs.code == 2, logs
    assert logs.stderr.startswith("lamb: ResourceNotFoundException: "), logs


def test_logs_of_a_function_without_invocations_is_empty(lamb, create, name):
    create(name)
    logs = lamb("logs", name)
    assert logs.code == 0, logs
    assert logs.stdout == ""


def test_logs_outlive_the_function(lamb, create, name):
    create(name, GREETS)
    assert lamb("invoke", name).code == 0
    assert lamb("function", "delete", name).code == 0
    logs = lamb("logs", name)
    assert logs.code == 0, logs
    assert "invocation 1" in logs.stdout.splitlines()


def test_logs_follow(lamb, server, create, name):
    create(name, GREETS)
    assert lamb("invoke", name).code == 0
    follower = subprocess.Popen([LAMB_BIN, "logs", name, "--follow", "--endpoint", server.endpoint],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = queue.Queue()

    def pump():
        for raw in follower.stdout:
            lines.put(raw.decode().rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        def read_until(prefix):
            seen = []
            while True:
                line = lines.get(timeout=60)
                assert line is not None, "lamb logs --follow ended: %s" % follower.stderr.read()
                seen.append(line)
                if line.startswith(prefix):
                    return seen

        first = read_until("REPORT RequestId: ")
        assert "invocation 1" in first
        assert lamb("invoke", name).code == 0
        second = read_until("REPORT RequestId: ")
        assert "invocation 2" in second
        assert not any(line.startswith("INIT_START") for line in second)
    finally:
        follower.send_signal(signal.SIGINT)
        code = follower.wait(timeout=30)
    assert code == 0, follower.stderr.read()


def test_envs_after_one_invoke(lamb, create, name):
    create(name, GREETS)
    assert lamb("invoke", name).code == 0
    table = lamb("envs", name)
    assert table.code == 0, table
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "FUNCTION", "VERSION", "STATE", "INIT", "TYPE", "AGE", "INVOCATIONS", "IDLE",
                                "MAX", "MEMORY", "PID"]
    assert len(lines) == 2
    env_id, function, version, state, init_type, _age, invocations = lines[1].split()[:7]
    assert function == name and version == "$LATEST" and invocations == "1" and init_type == "on-demand"
    assert state in ("idle", "invoking")

    raw = lamb("envs", name, "--json")
    assert raw.code == 0, raw
    environments = json.loads(raw.stdout)["environments"]
    assert len(environments) == 1
    assert environments[0]["id"] == env_id
    assert environments[0]["invocations"] == 1

    everything = lamb("envs")
    assert everything.code == 0, everything
    assert any(line.split()[1] == name for line in everything.stdout.splitlines()[1:])


def test_envs_of_a_function_without_environments(lamb, create, name):
    create(name)
    table = lamb("envs", name)
    assert table.code == 0, table
    assert len(table.stdout.splitlines()) == 1


def test_envs_unreachable(lamb):
    result = lamb("envs", endpoint="http://127.0.0.1:9")
    assert result.code == 2, result
    assert result.stderr.startswith("lamb: cannot reach the Lamb server at http://127.0.0.1:9")
