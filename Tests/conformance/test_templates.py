"""SAM templates: `lamb serve` in a SAM project directory serves its functions, with dependencies installed, edits
applied while serving, environment files, and a report of what Lamb does not emulate.

The project is a copy of `Examples/sam-app`. Its Node function depends on a local package the fixture packs with
`npm pack` (the test machines reach no npm registry); its Python function depends on `humanize` from PyPI, so the
tests that need it skip when PyPI cannot be reached.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import LAMB_BIN, REPO, invoke, wait_for

EXAMPLE = os.path.join(REPO, "Examples", "sam-app")
STACK = "sam-app"


def pypi_reachable():
    try:
        subprocess.run(
            ["python3", "-m", "pip", "download", "--no-deps", "-q", "-d", tempfile.mkdtemp(), "humanize==4.9.0"],
            check=True, capture_output=True, timeout=120)
        return True
    except (subprocess.SubprocessError, OSError):
        return False


def copy_example(root):
    """A fresh copy of the example project, named sam-app (the stack name), with its local npm package packed."""
    app = os.path.join(tempfile.mkdtemp(dir=root), STACK)
    shutil.copytree(EXAMPLE, app, ignore=shutil.ignore_patterns(".lamb", ".aws-sam", "*.tgz", "node_modules"))
    if shutil.which("npm"):
        subprocess.run(["npm", "pack", "--silent", "./greeting"], cwd=os.path.join(app, "vendor"), check=True,
                       capture_output=True, timeout=120)
    return app


def lamb_cli(server, *args, cwd=None, input=None):
    env = dict(os.environ, LAMB_ENDPOINT=server.endpoint)
    return subprocess.run([LAMB_BIN] + list(args), capture_output=True, text=True, timeout=120, env=env, cwd=cwd,
                          input=input)


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, "%s does not contain %r" % (path, old)
    with open(path, "w") as f:
        f.write(text.replace(old, new))


@pytest.fixture(scope="module")
def project(lamb_root):
    if not shutil.which("npm"):
        pytest.skip("npm is not installed: the example's Node function needs its local package packed")
    if not pypi_reachable():
        pytest.skip("PyPI is not reachable: the example's Python function needs humanize installed from it")
    return copy_example(lamb_root)


@pytest.fixture(scope="module")
def app(project, lamb_root):
    """`lamb serve` in the example project's directory, found by its template.yaml."""
    from conftest import LambServer

    server = LambServer(tempfile.mkdtemp(prefix="data-", dir=lamb_root), name="sam-app", cwd=project,
                        args=["--async-retry-scale", "0.01", "--gateway-port", "0"]).start(timeout=600)
    port = wait_for(lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), 60,
                    what="the gateway's start-up line")
    server.gateway = "http://127.0.0.1:%s" % port.group(1)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def alam(app):
    return app.client()


def test_every_template_function_is_a_lambda_function(app, alam):
    names = {f["FunctionName"] for f in alam.list_functions()["Functions"]}
    assert {"HelloFunction", "sam-app-orders", "GreeterFunction", "AuditFunction"} <= names
    config = alam.get_function_configuration(FunctionName="HelloFunction")
    assert config["Runtime"] == "python3.11"
    assert config["Handler"] == "app.lambda_handler"
    assert config["MemorySize"] == 256  # Globals, with the IsProd condition false
    assert config["Timeout"] == 10
    assert config["Environment"]["Variables"]["STAGE"] == "dev"
    assert config["Environment"]["Variables"]["LOG_LEVEL"] == "DEBUG"  # FindInMap
    assert config["Environment"]["Variables"]["ORDERS_FUNCTION"] == "sam-app-orders"  # Ref of a function
    assert config["Layers"][0]["Arn"].startswith("arn:aws:lambda:us-east-1:000000000000:layer:sam-app-shared:")
    tags = alam.list_tags(Resource=config["FunctionArn"])["Tags"]
    assert tags["project"] == "sam-app"
    assert tags["aws:cloudformation:logical-id"] == "HelloFunction"
    assert tags["aws:cloudformation:stack-name"] == STACK


def test_start_up_table_lists_the_functions(app):
    log = app.log()
    for logical_id in ["HelloFunction", "OrdersFunction", "GreeterFunction", "AuditFunction"]:
        assert logical_id in log
    assert "HelloApi (Api)" in log


def test_python_function_imports_its_requirement_and_its_layer(alam):
    result = invoke(alam, "HelloFunction", {"name": "Lamb"})
    assert result.function_error is None, result.body
    body = json.loads(result.payload["body"])
    assert body["message"] == "HELLO, LAMB!"
    assert body["invocations"] in ("one", "two", "three")


def test_function_named_by_function_name_with_reserved_concurrency(alam):
    result = invoke(alam, "sam-app-orders", {"items": [{"price": 3, "quantity": 2}, {"price": 4}]})
    assert result.function_error is None, result.body
    assert result.payload == {"total": 10, "status": "ACCEPTED!", "function": "sam-app-orders"}
    assert alam.get_function_concurrency(FunctionName="sam-app-orders")["ReservedConcurrentExecutions"] == 5


def test_node_function_requires_its_packed_dependency(alam):
    result = invoke(alam, "GreeterFunction", {"name": "Lamb"})
    assert result.function_error is None, result.body
    assert result.payload["greeting"] == "Hello from the greeting package, Lamb"


def test_async_function_sends_its_result_to_its_destination(app, alam):
    config = alam.get_function_event_invoke_config(FunctionName="AuditFunction")
    assert config["MaximumRetryAttempts"] == 0
    assert config["DestinationConfig"]["OnSuccess"]["Destination"].endswith(":function:GreeterFunction")
    assert config["DestinationConfig"]["OnFailure"]["Destination"].endswith(":sam-app-AuditFailures")
    alam.invoke(FunctionName="AuditFunction", InvocationType="Event", Payload=json.dumps({"action": "signup"}))
    wait_for(lambda: "audited signup" in app.function_log("GreeterFunction"), 60, what="the destination's invocation")


def test_rest_and_http_api_routes_of_the_example(app):
    requests = pytest.importorskip("requests")
    answer = requests.get(app.gateway + "/hello", params={"name": "Req"}, timeout=60)
    assert answer.status_code == 200 and answer.json()["message"] == "HELLO, REQ!"
    assert requests.get(app.gateway + "/Prod/hello", timeout=60).json()["message"] == "HELLO, WORLD!"
    proxy = requests.post(app.gateway + "/hello/a/b/c", timeout=60).json()
    assert proxy["path"] == "a/b/c" and proxy["method"] == "POST"
    order = requests.post(app.gateway + "/orders/c42", json={"items": [{"price": 5, "quantity": 3}]}, timeout=60)
    assert order.status_code == 200
    assert order.headers["content-type"] == "application/json"
    assert order.json()["total"] == 15 and order.json()["customer"] == "c42"
    assert requests.get(app.gateway + "/orders/c42", timeout=60).status_code == 404  # HTTP API: not routed


def test_function_url_of_the_example_by_host_name_and_by_path(app, alam):
    url = alam.get_function_url_config(FunctionName="GreeterFunction")["FunctionUrl"]
    url_id = re.match(r"http://([a-z0-9]+)\.", url).group(1)
    port = app.gateway.rsplit(":", 1)[1]
    by_host = "http://%s.lambda-url.us-east-1.localhost:%s/?name=curl" % (url_id, port)
    done = subprocess.run(["curl", "-s", "--resolve", "%s.lambda-url.us-east-1.localhost:%s:127.0.0.1" % (url_id, port),
                           by_host], capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout)["greeting"] == "Hello from the greeting package, curl", done.stdout + done.stderr
    requests = pytest.importorskip("requests")
    by_path = requests.get(app.gateway + "/lambda-url/%s/?name=path" % url_id, timeout=60)
    assert by_path.json()["greeting"] == "Hello from the greeting package, path"


def test_lamb_invoke_by_logical_id_with_an_event_file(app, project):
    done = lamb_cli(app, "invoke", "HelloFunction", "-e", "events/event.json", cwd=project)
    assert done.returncode == 0, done.stderr
    assert json.loads(json.loads(done.stdout)["body"])["message"] == "HELLO, LAMB!"
    assert "REPORT RequestId:" in done.stderr
    # A logical id whose function has another FunctionName.
    done = lamb_cli(app, "invoke", "OrdersFunction", "-e", "-", input='{"items": []}')
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["function"] == "sam-app-orders"


def test_unsupported_properties_are_reported_by_logical_id_and_path(app, project):
    log = app.log()
    assert "OrdersFunction Properties.Policies" in log
    assert "AuditFailures" in log
    assert "OrdersTable" in log
    checked = subprocess.run([LAMB_BIN, "template", "check"], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "OrdersFunction Properties.Policies" in checked.stdout
    strict = subprocess.run([LAMB_BIN, "template", "check", "--strict"], cwd=project, capture_output=True, text=True)
    assert strict.returncode == 1
    assert "OrdersFunction Properties.Policies" in strict.stdout


def test_editing_a_handler_changes_the_next_invocation(app, alam, project):
    message = lambda r: json.loads(r.payload["body"])["message"]
    before = invoke(alam, "HelloFunction", {"name": "edit"})
    assert message(before) == "HELLO, EDIT!"
    edit(os.path.join(project, "hello", "app.py"), 'f"{os.environ[\'GREETING\']}, {name}"',
         'f"{os.environ[\'GREETING\']} again, {name}"')
    result = wait_for(
        lambda: (lambda r: r if message(r) == "HELLO AGAIN, EDIT!" else None)(
            invoke(alam, "HelloFunction", {"name": "edit"})),
        120, 0.5, "the edited handler to answer")
    assert result.cold  # a fresh environment with the new code
    assert "HelloFunction: code changed" in app.log()


def test_editing_the_template_changes_the_configuration(app, alam, project):
    edit(os.path.join(project, "template.yaml"), "      MemorySize: 128\n", "      MemorySize: 192\n")
    wait_for(lambda: alam.get_function_configuration(FunctionName="sam-app-orders")["MemorySize"] == 192, 120, 0.5,
             "MemorySize to follow the template")
    assert "OrdersFunction: configuration changed" in app.log()


def test_a_broken_template_edit_keeps_the_last_good_state(app, alam, project):
    path = os.path.join(project, "template.yaml")
    with open(path) as f:
        good = f.read()
    with open(path, "w") as f:
        f.write(good + "\n  Broken: [unclosed\n")
    wait_for(lambda: "not reloaded" in app.log(), 60, 0.2, "the failed reload to be reported")
    assert invoke(alam, "GreeterFunction", {"name": "still"}).function_error is None
    with open(path, "w") as f:
        f.write(good)


# ---------------------------------------------------------------------------------------------------------------
# Small templates (no dependencies to install)
# ---------------------------------------------------------------------------------------------------------------

SMALL = """\
Transform: AWS::Serverless-2016-10-31
Parameters:
  Greeting:
    Type: String
    Default: Hi
Resources:
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: echo/
      Handler: app.handler
      Runtime: python3.11
      Environment:
        Variables:
          GREETING: !Ref Greeting
          FROM_DOTENV: template
          FROM_JSON: template
%(extra)s
"""

ECHO = "import os\ndef handler(event, context):\n    return {k: v for k, v in os.environ.items() if k in " \
       "('GREETING', 'FROM_DOTENV', 'FROM_JSON')}\n"


def small_project(root, extra="", template=None):
    path = tempfile.mkdtemp(dir=root)
    os.makedirs(os.path.join(path, "echo"))
    with open(os.path.join(path, "echo", "app.py"), "w") as f:
        f.write(ECHO)
    with open(os.path.join(path, "template.yaml"), "w") as f:
        f.write(template if template is not None else SMALL % {"extra": extra})
    return path


def serve_fails(project, *args):
    """Runs `lamb serve` expecting it to refuse to start; returns its output."""
    data = tempfile.mkdtemp()
    done = subprocess.run([LAMB_BIN, "serve", "--port", "0", "--data-dir", data] + list(args), cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_parameter_overrides_env_vars_and_dotenv(lamb_servers, lamb_root):
    project = small_project(lamb_root)
    with open(os.path.join(project, ".env"), "w") as f:
        f.write("# dotenv\nFROM_DOTENV=dotenv\nFROM_JSON=dotenv\n")
    with open(os.path.join(project, "env.json"), "w") as f:
        json.dump({"Parameters": {"FROM_JSON": "json-all"}, "EchoFunction": {"FROM_JSON": "json-echo"}}, f)
    server = lamb_servers.start("--parameter-overrides", "Greeting=Howdy", "--env-vars", "env.json", cwd=project)
    result = invoke(server.client(), "EchoFunction")
    assert result.payload == {"GREETING": "Howdy", "FROM_DOTENV": "dotenv", "FROM_JSON": "json-echo"}


def test_environment_over_4kb_is_reported_not_truncated(lamb_servers, lamb_root):
    project = small_project(lamb_root)
    with open(os.path.join(project, "big.env"), "w") as f:
        f.write("BIG=%s\n" % ("x" * 5000))
    server = lamb_servers.start("--dotenv", "big.env", cwd=project)
    assert "4KB" in server.log()
    assert "EchoFunction" in server.log()
    names = [f["FunctionName"] for f in server.client().list_functions()["Functions"]]
    assert "EchoFunction" not in names


def test_strict_refuses_to_start_with_the_report(lamb_root):
    project = small_project(lamb_root, extra="      VpcConfig:\n        SubnetIds: [subnet-1]\n")
    output = serve_fails(project, "--strict")
    assert "EchoFunction Properties.VpcConfig" in output


@pytest.mark.parametrize("template, expected", [
    ("Resources:\n  EchoFunction:\n    Type: AWS::Serverless::Function\n    Properties: [unclosed\n", "template.yaml:"),
    (SMALL.replace("CodeUri: echo/", "CodeUri: missing/") % {"extra": ""}, "EchoFunction Properties.CodeUri"),
    (SMALL.replace("!Ref Greeting", "!Ref NoSuchThing") % {"extra": ""}, "NoSuchThing"),
    (SMALL.replace("!Ref Greeting", "{'Fn::Nope': x}") % {"extra": ""}, "Fn::Nope"),
])
def test_bad_templates_stop_start_up_with_file_and_place(lamb_root, template, expected):
    project = small_project(lamb_root, template=template)
    output = serve_fails(project)
    assert expected in output
    assert "template.yaml" in output


def test_restart_keeps_functions_and_removes_those_gone_from_the_template(lamb_servers, lamb_root):
    extra = """  SecondFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: echo/
      Handler: app.handler
      Runtime: python3.11
"""
    project = small_project(lamb_root)
    with open(os.path.join(project, "template.yaml"), "a") as f:
        f.write(extra)
    data = tempfile.mkdtemp(dir=lamb_root)
    server = lamb_servers.start("--no-watch", data_dir=data, cwd=project)
    client = server.client()
    sha = client.get_function(FunctionName="EchoFunction")["Configuration"]["CodeSha256"]
    revision = client.get_function(FunctionName="EchoFunction")["Configuration"]["RevisionId"]
    assert "SecondFunction" in [f["FunctionName"] for f in client.list_functions()["Functions"]]
    server.stop()
    edit(os.path.join(project, "template.yaml"), extra, "")
    server.start()
    client = server.client()
    config = client.get_function(FunctionName="EchoFunction")["Configuration"]
    assert config["CodeSha256"] == sha and config["RevisionId"] == revision  # unchanged: not updated
    assert "SecondFunction" not in [f["FunctionName"] for f in client.list_functions()["Functions"]]


def test_template_function_does_not_overwrite_an_api_function(lamb_servers, lamb_root):
    project = small_project(lamb_root)
    data = tempfile.mkdtemp(dir=lamb_root)
    server = lamb_servers.start("--template", os.path.join(project, "template.yaml"), data_dir=data,
                                cwd=lamb_root)
    server.stop()
    # The same data directory, now served from another project whose template has a function of the same name.
    other = small_project(lamb_root)
    server = lamb_servers.start(data_dir=data, cwd=other, name="other")
    assert "does not belong to stack" in server.log()


def local_python_package(root, name="lambtinypkg"):
    """A pip-installable package on disk, so that installs need no index."""
    path = tempfile.mkdtemp(dir=root)
    os.makedirs(os.path.join(path, name))
    with open(os.path.join(path, name, "__init__.py"), "w") as f:
        f.write("VALUE = 'from %s'\n" % name)
    with open(os.path.join(path, "pyproject.toml"), "w") as f:
        f.write('[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
                '[project]\nname = "%s"\nversion = "1.0"\n' % name)
    return path


def test_a_failing_install_skips_only_that_function(lamb_servers, lamb_root):
    extra = """  PlainFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: plain/
      Handler: app.handler
      Runtime: python3.11
"""
    project = small_project(lamb_root)
    with open(os.path.join(project, "template.yaml"), "a") as f:
        f.write(extra)
    os.makedirs(os.path.join(project, "plain"))
    shutil.copy(os.path.join(project, "echo", "app.py"), os.path.join(project, "plain", "app.py"))
    with open(os.path.join(project, "echo", "requirements.txt"), "w") as f:
        f.write("./no-such-package-dir\n")
    server = lamb_servers.start("--no-watch", cwd=project)
    assert "EchoFunction: not served" in server.log()
    names = [f["FunctionName"] for f in server.client().list_functions()["Functions"]]
    assert "PlainFunction" in names and "EchoFunction" not in names


def test_unchanged_requirements_are_not_reinstalled_after_a_restart(lamb_servers, lamb_root):
    if subprocess.run(["python3.11", "-c", "import setuptools"], capture_output=True).returncode != 0:
        pytest.skip("python3.11 with setuptools is needed to build the local package")
    package = local_python_package(lamb_root)
    project = small_project(lamb_root)
    with open(os.path.join(project, "echo", "requirements.txt"), "w") as f:
        f.write(package + "\n")
    with open(os.path.join(project, "echo", "app.py"), "w") as f:
        f.write("import lambtinypkg\ndef handler(event, context):\n    return lambtinypkg.VALUE\n")
    server = lamb_servers.start("--no-watch", cwd=project)
    assert invoke(server.client(), "EchoFunction").payload == "from lambtinypkg"
    assert "EchoFunction: pip install" in server.log()
    offset = len(server.log())
    server.restart()
    assert "EchoFunction: pip install" not in server.log()[offset:]
    assert invoke(server.client(), "EchoFunction").payload == "from lambtinypkg"


def test_sam_build_output_is_used_when_present(lamb_servers, lamb_root):
    project = small_project(lamb_root)
    built = os.path.join(project, ".aws-sam", "build")
    os.makedirs(os.path.join(built, "EchoFunction"))
    shutil.copy(os.path.join(project, "template.yaml"), os.path.join(built, "template.yaml"))
    with open(os.path.join(built, "EchoFunction", "app.py"), "w") as f:
        f.write("def handler(event, context):\n    return 'built by sam build'\n")
    server = lamb_servers.start("--no-watch", cwd=project)
    assert invoke(server.client(), "EchoFunction").payload == "built by sam build"


def test_async_events_queued_before_a_reload_are_all_delivered(lamb_servers, lamb_root):
    project = small_project(lamb_root)
    slow = "import time\ndef handler(event, context):\n    time.sleep(0.5)\n    print('handled', event['n'], '%s')\n"
    with open(os.path.join(project, "echo", "app.py"), "w") as f:
        f.write(slow % "v1")
    server = lamb_servers.start("--async-retry-scale", "0.01", cwd=project)
    client = server.client()
    client.put_function_concurrency(FunctionName="EchoFunction", ReservedConcurrentExecutions=1)
    for n in range(6):
        client.invoke(FunctionName="EchoFunction", InvocationType="Event", Payload=json.dumps({"n": n}))
    with open(os.path.join(project, "echo", "app.py"), "w") as f:
        f.write(slow % "v2")
    wait_for(lambda: "EchoFunction: code changed" in server.log(), 60, 0.2, "the code change to be applied")
    log = wait_for(lambda: (lambda text: text if all("handled %d " % n in text for n in range(6)) else None)(
        server.function_log("EchoFunction")), 120, 0.5, "every queued event to be handled")
    assert "v2" in log


def test_readme_tour_of_the_example_project(app, project):
    """The README's tour, command for command, against the example project."""
    import re

    with open(os.path.join(REPO, "README.md")) as f:
        section = f.read().split("## A two-minute tour", 1)[1]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    start = [line.split("#")[0].strip() for line in blocks[0].splitlines()]
    assert start == ["cd Examples/sam-app", "(cd vendor && npm pack ./greeting)",
                     "swift run --package-path ../.. lamb serve"]
    commands = [line.split("  #")[0].strip() for line in blocks[1].splitlines() if line.startswith("lamb ")]
    assert commands[0] == "lamb invoke HelloFunction -e events/event.json"
    assert commands[2].startswith("lamb invoke OrdersFunction --payload ")
    first = lamb_cli(app, "invoke", "HelloFunction", "-e", "events/event.json", cwd=project)
    assert first.returncode == 0, first.stderr
    payload = commands[2].split("--payload ", 1)[1].strip("'")
    orders = lamb_cli(app, "invoke", "OrdersFunction", "--payload", payload)
    assert orders.returncode == 0, orders.stderr
    assert json.loads(orders.stdout)["total"] == 6


VERSIONED = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: echo/
      Handler: app.handler
      Runtime: python3.11
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 1
  PinnedVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref EchoFunction
      Description: pinned
  StableAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref EchoFunction
      FunctionVersion: !GetAtt PinnedVersion.Version
      Name: stable
  StableConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref EchoFunction
      Qualifier: stable
      MaximumRetryAttempts: 1
"""


def test_versions_aliases_and_invoke_configs_from_the_template(lamb_servers, lamb_root):
    project = small_project(lamb_root, template=VERSIONED)
    server = lamb_servers.start("--no-watch", cwd=project)
    client = server.client()
    live = client.get_alias(FunctionName="EchoFunction", Name="live")
    assert live["FunctionVersion"] == "1"
    assert client.get_alias(FunctionName="EchoFunction", Name="stable")["FunctionVersion"] == "1"
    provisioned = client.get_provisioned_concurrency_config(FunctionName="EchoFunction", Qualifier="live")
    assert provisioned["RequestedProvisionedConcurrentExecutions"] == 1
    config = client.get_function_event_invoke_config(FunctionName="EchoFunction", Qualifier="stable")
    assert config["MaximumRetryAttempts"] == 1
    result = invoke(client, "EchoFunction", Qualifier="live")
    assert result.function_error is None and result.executed_version == "1"
    # A restart with the same template publishes nothing new.
    server.restart()
    versions = server.client().list_versions_by_function(FunctionName="EchoFunction")["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "1"]
