"""`lamb function create|list|get|update-code|delete`."""

import base64
import io
import json
import os
import stat
import urllib.request
import zipfile

from conftest import ECHO, write_function

INSPECT = """
    import os

    def handler(event, context):
        return {
            "files": sorted(f for f in os.listdir(".") if f != "__pycache__"),
            "tool_executable": os.access("bin/tool.sh", os.X_OK),
            "data_executable": os.access("data.txt", os.X_OK),
            "nested": open("pkg/inner/value.txt").read(),
            "link": os.readlink("link.txt"),
            "env": {k: os.environ.get(k) for k in ("GREETING", "EQUATION", "EMPTY")},
        }
"""


def test_create_from_directory_keeps_modes_hidden_files_and_links(lamb, name, tmp_path):
    code = write_function(tmp_path / "code", INSPECT)
    os.makedirs(str(tmp_path / "code" / "bin"))
    os.makedirs(str(tmp_path / "code" / "pkg" / "inner"))
    tool = tmp_path / "code" / "bin" / "tool.sh"
    tool.write_text("#!/bin/sh\necho tool\n")
    tool.chmod(0o755)
    (tmp_path / "code" / "data.txt").write_text("data\n")
    (tmp_path / "code" / ".hidden").write_text("secret\n")
    (tmp_path / "code" / "pkg" / "inner" / "value.txt").write_text("deep")
    os.symlink("data.txt", str(tmp_path / "code" / "link.txt"))

    created = lamb("function", "create", name, "--runtime", "python3.11", "--handler", "app.handler",
                   "--code", code, "--env", "GREETING=hi", "--env", "EQUATION=a=b", "--env", "EMPTY=")
    assert created.code == 0, created
    configuration = json.loads(created.stdout)
    assert configuration["FunctionName"] == name
    assert configuration["Runtime"] == "python3.11"
    assert configuration["Handler"] == "app.handler"
    assert configuration["Role"] == "arn:aws:iam::000000000000:role/lamb-function"

    result = lamb("invoke", name)
    assert result.code == 0, result
    body = json.loads(result.stdout)
    assert body["files"] == [".hidden", "app.py", "bin", "data.txt", "link.txt", "pkg"]
    assert body["tool_executable"] is True
    assert body["data_executable"] is False
    assert body["nested"] == "deep"
    assert body["link"] == "data.txt"
    assert body["env"] == {"GREETING": "hi", "EQUATION": "a=b", "EMPTY": ""}


def test_create_from_zip_file(lamb, name, tmp_path):
    archive = tmp_path / "code.zip"
    with zipfile.ZipFile(str(archive), "w") as z:
        z.writestr("main.py", "def run(event, context):\n    return {'from': 'zip', 'event': event}\n")
    created = lamb("function", "create", name, "--runtime", "python3.11", "--handler", "main.run",
                   "--code", archive)
    assert created.code == 0, created
    assert json.loads(created.stdout)["Handler"] == "main.run"
    result = lamb("invoke", name, "--payload", '{"a": 1}')
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"from": "zip", "event": {"a": 1}}


def test_create_sets_memory_timeout_description_and_storage(lamb, name, tmp_path):
    code = write_function(tmp_path / "code", ECHO)
    created = lamb("function", "create", name, "--runtime", "python3.11", "--handler", "app.handler",
                   "--code", code, "--memory", "256", "--timeout", "30", "--description", "a test function",
                   "--ephemeral-storage", "1024", "--role", "arn:aws:iam::123456789012:role/custom")
    assert created.code == 0, created
    got = lamb("function", "get", name)
    assert got.code == 0, got
    configuration = json.loads(got.stdout)
    assert configuration["MemorySize"] == 256
    assert configuration["Timeout"] == 30
    assert configuration["Description"] == "a test function"
    assert configuration["EphemeralStorage"] == {"Size": 1024}
    assert configuration["Role"] == "arn:aws:iam::123456789012:role/custom"
    assert configuration["State"] == "Active"


def test_create_twice_is_a_conflict(lamb, create, name, tmp_path):
    create(name)
    again = lamb("function", "create", name, "--runtime", "python3.11", "--handler", "app.handler",
                 "--code", write_function(tmp_path / "again", ECHO))
    assert again.code == 2, again
    assert again.stderr.startswith("lamb: ResourceConflictException: "), again
    assert again.stdout == ""


def test_create_refused_by_the_server_exits_2(lamb, name, tmp_path):
    code = write_function(tmp_path / "code", ECHO)
    result = lamb("function", "create", name, "--runtime", "python3.11", "--handler", "app.handler",
                  "--code", code, "--memory", "64")
    assert result.code == 2, result
    assert result.stderr.startswith("lamb: InvalidParameterValueException: "), result
    assert lamb("function", "get", name).code == 2


def test_create_usage_errors(lamb, name, tmp_path):
    code = write_function(tmp_path / "code", ECHO)
    base = ["function", "create", name, "--runtime", "python3.11", "--handler", "app.handler"]
    bad_env = lamb(*(base + ["--code", code, "--env", "NOEQUALS"]))
    assert bad_env.code == 64, bad_env
    assert "--env expects KEY=VALUE" in bad_env.stderr
    twice = lamb(*(base + ["--code", code, "--env", "A=1", "--env", "A=2"]))
    assert twice.code == 64, twice
    missing = lamb(*(base + ["--code", str(tmp_path / "nowhere")]))
    assert missing.code == 64, missing
    assert "no such file or directory" in missing.stderr
    not_zip = lamb(*(base + ["--code", os.path.join(code, "app.py")]))
    assert not_zip.code == 64, not_zip
    assert "directory or a .zip file" in not_zip.stderr
    assert lamb("function", "get", name).code == 2


def test_list_table_and_json(lamb, create, name):
    create(name)
    table = lamb("function", "list")
    assert table.code == 0, table
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["NAME", "RUNTIME", "MEMORY", "TIMEOUT", "LAST", "MODIFIED"]
    row = [line for line in lines if line.startswith(name + " ")]
    assert len(row) == 1
    assert row[0].split()[:6] == [name, "python3.11", "128", "MB", "3", "s"]
    assert row[0].endswith(" UTC")

    raw = lamb("function", "list", "--json")
    assert raw.code == 0, raw
    functions = json.loads(raw.stdout)["Functions"]
    assert [f["Runtime"] for f in functions if f["FunctionName"] == name] == ["python3.11"]


def test_list_follows_markers(lamb, create, name):
    names = [create("%s-%d" % (name, i)) for i in range(5)]
    paged = lamb("function", "list", "--page-size", "2", "--json")
    assert paged.code == 0, paged
    listed = [f["FunctionName"] for f in json.loads(paged.stdout)["Functions"]]
    assert [n for n in listed if n.startswith(name)] == names
    assert len(listed) == len(set(listed))
    whole = lamb("function", "list", "--json")
    assert [f["FunctionName"] for f in json.loads(whole.stdout)["Functions"]] == listed


def test_list_follows_the_servers_50_item_pages(lamb, server, name):
    # Created through the API directly: 51 CLI processes would test nothing more.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return event\n")
    code = base64.b64encode(buffer.getvalue()).decode()
    names = ["%s-%02d" % (name, i) for i in range(51)]
    for function in names:
        body = json.dumps({"FunctionName": function, "Runtime": "python3.11", "Handler": "app.handler",
                           "Role": "arn:aws:iam::000000000000:role/x", "Code": {"ZipFile": code}}).encode()
        request = urllib.request.Request(server.endpoint + "/2015-03-31/functions", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 201
    listed = lamb("function", "list")
    assert listed.code == 0, listed
    rows = [line.split()[0] for line in listed.stdout.splitlines()[1:]]
    assert len(rows) > 50
    assert [r for r in rows if r.startswith(name)] == names


def test_get_prints_the_configuration(lamb, create, name):
    create(name)
    got = lamb("function", "get", name)
    assert got.code == 0, got
    configuration = json.loads(got.stdout)
    assert configuration["FunctionName"] == name
    assert configuration["FunctionArn"].endswith(":function:" + name)
    assert got.stdout.startswith("{\n")


def test_get_unknown_function(lamb, name):
    got = lamb("function", "get", name)
    assert got.code == 2, got
    assert got.stderr == "lamb: ResourceNotFoundException: Function not found: " \
        "arn:aws:lambda:us-east-1:000000000000:function:%s\n" % name
    assert got.stdout == ""


def test_update_code_then_invoke_sees_new_code(lamb, create, name, tmp_path):
    create(name, "def handler(event, context):\n    return 'old'\n")
    assert json.loads(lamb("invoke", name).stdout) == "old"
    new = write_function(tmp_path / "new", "def handler(event, context):\n    return 'new'\n")
    updated = lamb("function", "update-code", name, "--code", new)
    assert updated.code == 0, updated
    assert json.loads(updated.stdout)["FunctionName"] == name
    result = lamb("invoke", name)
    assert result.code == 0, result
    assert json.loads(result.stdout) == "new"
    assert "Init Duration" in result.stderr  # the old code's environment is gone: a cold start


def test_update_code_usage_and_unknown_function(lamb, name, tmp_path):
    missing = lamb("function", "update-code", name, "--code", str(tmp_path / "nowhere.zip"))
    assert missing.code == 64, missing
    code = write_function(tmp_path / "code", ECHO)
    unknown = lamb("function", "update-code", name, "--code", code)
    assert unknown.code == 2, unknown
    assert unknown.stderr.startswith("lamb: ResourceNotFoundException: "), unknown


def test_delete(lamb, create, name):
    create(name)
    deleted = lamb("function", "delete", name)
    assert deleted.code == 0, deleted
    assert deleted.stdout == ""
    assert lamb("function", "get", name).code == 2
    again = lamb("function", "delete", name)
    assert again.code == 2, again
    assert again.stderr.startswith("lamb: ResourceNotFoundException: "), again


def test_file_modes_survive_from_a_zip_too(lamb, name, tmp_path):
    archive = tmp_path / "code.zip"
    with zipfile.ZipFile(str(archive), "w") as z:
        z.writestr("app.py", "import os\ndef handler(e, c):\n    return os.access('run.sh', os.X_OK)\n")
        info = zipfile.ZipInfo("run.sh")
        info.external_attr = (stat.S_IFREG | 0o755) << 16
        z.writestr(info, "#!/bin/sh\n")
    assert lamb("function", "create", name, "--runtime", "python3.11", "--handler", "app.handler",
                "--code", archive).code == 0
    assert lamb("invoke", name).stdout == "true\n"


BOOTSTRAP = """#!/usr/bin/env python3
# A custom runtime: the Runtime API loop, answering every event with its handler name.
import json, os, urllib.request
api = "http://%s/2018-06-01/runtime/invocation/" % os.environ["AWS_LAMBDA_RUNTIME_API"]
while True:
    with urllib.request.urlopen(api + "next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(response.read())
    body = json.dumps({"handler": os.environ["_HANDLER"], "event": event}).encode()
    urllib.request.urlopen(urllib.request.Request(api + request_id + "/response", data=body, method="POST")).read()
"""


def test_custom_runtime_bootstrap_stays_executable(lamb, name, tmp_path):
    code = tmp_path / "custom"
    code.mkdir()
    bootstrap = code / "bootstrap"
    bootstrap.write_text(BOOTSTRAP)
    bootstrap.chmod(0o755)
    created = lamb("function", "create", name, "--runtime", "provided.al2023", "--handler", "my.handler",
                   "--code", code)
    assert created.code == 0, created
    result = lamb("invoke", name, "--payload", '{"k": "v"}')
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"handler": "my.handler", "event": {"k": "v"}}


def test_special_files_are_refused_not_skipped(lamb, name, tmp_path):
    code = write_function(tmp_path / "code", ECHO)
    os.mkfifo(os.path.join(code, "pipe"))
    result = lamb("function", "create", name, "--runtime", "python3.11", "--handler", "app.handler",
                  "--code", code)
    assert result.code == 2, result
    assert result.stderr == "lamb: cannot package %s: not a regular file, directory or symbolic link\n" \
        % os.path.join(code, "pipe")
