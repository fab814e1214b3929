"""The README's two-minute tour, command for command."""

import json
import os
import re

from conftest import REPO


def tour_block():
    """The tour's block that creates a function without a template (the template part is tested in
    Tests/conformance/test_templates.py)."""
    with open(os.path.join(REPO, "README.md")) as f:
        readme = f.read()
    section = readme.split("## A two-minute tour", 1)[1]
    return next(block for block in re.findall(r"```sh\n(.*?)```", section, re.S) if "<<'PY'" in block)


def test_readme_tour(lamb, tmp_path):
    block = tour_block()
    heredoc = re.search(r"<<'PY'\n(.*?)\nPY\n", block, re.S)
    source = heredoc.group(1) + "\n"
    commands = [line.split("#")[0].strip() for line in block[heredoc.end():].splitlines()]
    commands = [c for c in commands if c.startswith("lamb ")]
    assert commands == [
        "lamb function create hello --runtime python3.11 --handler app.handler --code hello",
        "lamb invoke hello --payload '{\"name\": \"Lamb\"}'",
        "lamb invoke hello",
        "lamb logs hello",
    ]
    os.makedirs(str(tmp_path / "hello"))
    (tmp_path / "hello" / "app.py").write_text(source)

    # The tour's names are fixed; a server shared by other tests may already have "hello" from an earlier run.
    lamb("function", "delete", "hello")
    created = lamb("function", "create", "hello", "--runtime", "python3.11", "--handler", "app.handler",
                   "--code", "hello", cwd=str(tmp_path))
    assert created.code == 0, created
    first = lamb("invoke", "hello", "--payload", '{"name": "Lamb"}')
    assert first.code == 0, first
    body = json.loads(first.stdout)
    assert body["hello"] == "Lamb" and body["count"] == 1
    assert "Init Duration" in first.stderr
    second = lamb("invoke", "hello")
    assert second.code == 0, second
    body = json.loads(second.stdout)
    assert body["hello"] == "world" and body["count"] == 2
    report = [line for line in second.stderr.splitlines() if line.startswith("REPORT")]
    assert len(report) == 1 and "Init Duration" not in report[0]
    logs = lamb("logs", "hello")
    assert logs.code == 0, logs
    assert "invocation 1" in logs.stdout.splitlines() and "invocation 2" in logs.stdout.splitlines()
    assert lamb("function", "delete", "hello").code == 0
