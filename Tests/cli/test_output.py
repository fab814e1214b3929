"""`--output table|json` on the client commands that were there before it (and `--json`, kept as an alias), and
the help text of `--qualifier`."""

import json

from conftest import table


def test_function_commands_output(lamb, create, name):
    create(name)
    # get prints JSON unless asked for a table, as it always has.
    assert json.loads(lamb("function", "get", name).stdout)["FunctionName"] == name
    got = lamb("function", "get", name, "--output", "table")
    assert got.code == 0, got
    [row] = table(got.stdout)
    assert row["NAME"] == name and row["RUNTIME"] == "python3.11" and row["MEMORY"] == "128 MB"

    as_json = lamb("function", "list", "--output", "json")
    assert as_json.code == 0, as_json
    assert name in [f["FunctionName"] for f in json.loads(as_json.stdout)["Functions"]]
    assert name in [r["NAME"] for r in table(lamb("function", "list", "--output", "table").stdout)]

    deleted = lamb("function", "delete", name, "--output", "json")
    assert deleted.code == 0 and deleted.stdout == "", deleted


def test_observation_commands_output(lamb, create, name):
    create(name)
    assert lamb("invoke", name).code == 0
    envs = lamb("envs", name, "--output", "json")
    assert envs.code == 0, envs
    assert [e["function"] for e in json.loads(envs.stdout)["environments"]] == [name]
    events = lamb("events", name, "--output", "json")
    assert events.code == 0, events
    assert json.loads(events.stdout) == {"events": []}
    history = lamb("history", name, "--output", "json")
    assert history.code == 0, history
    [record] = [json.loads(line) for line in history.stdout.splitlines()]
    assert record["function"] == name
    stats = lamb("stats", name, "--output", "json")
    assert stats.code == 0, stats
    assert "estimate" in json.loads(stats.stdout)
    schedules = lamb("schedules", "--output", "json")
    assert schedules.code == 0, schedules
    assert "schedules" in json.loads(schedules.stdout)
    logs = lamb("logs", name, "--output", "json")
    assert logs.code == 0, logs
    events = [json.loads(line) for line in logs.stdout.splitlines()]
    assert events[0]["message"].startswith("INIT_START")
    assert set(events[0]) == {"timestamp", "logStreamName", "message"}


def test_schedule_create_and_fire_output(lamb, create, name):
    create(name)
    created = lamb("schedule", "create", name, "--function", name, "--expression", "rate(1 day)", "--output", "json")
    assert created.code == 0, created
    assert json.loads(created.stdout)["schedule"]["name"] == name
    fired = lamb("schedule", "fire", name, "--output", "json")
    assert fired.code == 0, fired
    assert "requestId" in json.loads(fired.stdout)
    assert lamb("schedule", "delete", name, "--output", "json").stdout == ""


def test_bad_output_format_is_a_usage_error(lamb):
    result = lamb("function", "list", "--output", "yaml")
    assert result.code == 64, result
    assert "yaml" in result.stderr


def test_json_flag_is_hidden_but_works(lamb):
    help_text = lamb("alias", "list", "--help", endpoint=None)
    assert help_text.code == 0, help_text
    assert "--output <format>" in help_text.stdout and "--json" not in help_text.stdout
    assert json.loads(lamb("layer", "list", "--json").stdout).keys() == {"Layers"}


def test_qualifier_help_names_versions_and_aliases(lamb):
    for command in (["function", "get"], ["invoke"]):
        result = lamb(*command, "--help", endpoint=None)
        assert result.code == 0, result
        text = " ".join(result.stdout.split())
        assert "version number or alias name (default $LATEST)" in text
        assert "only $LATEST" not in text
