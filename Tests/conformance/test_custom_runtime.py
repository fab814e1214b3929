"""Custom runtimes (`provided.al2023`, `provided.al2`): the zip's `bootstrap` is the runtime, talking to the Runtime
API itself. The bootstrap here is a shell script with curl, the smallest Runtime API client there is."""

import shutil

import pytest

from botocore.exceptions import ClientError

from conftest import error_code, invoke

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")

BOOTSTRAP = r"""#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
echo "bootstrap init for $AWS_LAMBDA_FUNCTION_NAME handler=$_HANDLER"
COUNT=0
HEADERS="${TMPDIR:-/tmp}/headers"
while true; do
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  COUNT=$((COUNT + 1))
  echo "handling $ID"
  case "$EVENT" in
    *fail*)
      curl -sS -X POST "$API/invocation/$ID/error" -H 'Lambda-Runtime-Function-Error-Type: Unhandled' \
        -d '{"errorMessage":"asked to fail","errorType":"Custom.Failure"}' > /dev/null ;;
    *exit*)
      exit 7 ;;
    *)
      curl -sS -X POST "$API/invocation/$ID/response" -d "{\"count\":$COUNT,\"event\":$EVENT}" > /dev/null ;;
  esac
done
"""


@pytest.mark.parametrize("runtime", ["provided.al2023", "provided.al2"])
def test_shell_bootstrap(lam, functions, runtime):
    name = functions.create({"bootstrap": BOOTSTRAP}, runtime=runtime, handler="my.handler")
    first = invoke(lam, name, {"n": 1})
    assert first.function_error is None, first.body
    assert first.payload == {"count": 1, "event": {"n": 1}}
    assert "bootstrap init for %s handler=my.handler" % name in first.log
    assert first.log.splitlines()[0].startswith("INIT_START Runtime Version: provided:")
    assert first.cold
    second = invoke(lam, name, {"n": 2})
    assert second.payload == {"count": 2, "event": {"n": 2}}
    assert not second.cold


def test_bootstrap_errors_and_exit(lam, functions):
    name = functions.create({"bootstrap": BOOTSTRAP}, runtime="provided.al2023", handler="x")
    failed = invoke(lam, name, {"fail": True})
    assert failed.function_error == "Unhandled"
    assert failed.payload == {"errorMessage": "asked to fail", "errorType": "Custom.Failure"}
    exited = invoke(lam, name, {"exit": True})
    assert exited.function_error == "Unhandled"
    assert exited.payload["errorType"] == "Runtime.ExitError"
    assert exited.payload["errorMessage"].endswith("Runtime exited with error: exit status 7")
    assert invoke(lam, name).cold


CRASHER = "import os\ndef handler(event, context):\n    os._exit(3)\n"


def test_missing_bootstrap(lamb_servers, functions_on):
    """Lambda answers a function without a `bootstrap` with a function error, Runtime.InvalidEntrypoint (never a
    platform error that botocore would retry), and the failed start leaves the server able to notice runtimes that
    exit (its own server, so that a regression cannot spill into later tests)."""
    server = lamb_servers.start()
    client = server.client()
    functions = functions_on(server)
    name = functions.create({"README.txt": "no bootstrap here"}, runtime="provided.al2023", handler="x")
    crasher = functions.create({"app.py": CRASHER}, Timeout=30)
    result = invoke(client, name)
    crash = invoke(client, crasher)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.InvalidEntrypoint"
    # Both places Lambda looks, as the runtime sees them (host paths under the plain-process sandbox).
    assert "Couldn't find valid bootstrap(s): [" in result.payload["errorMessage"]
    assert result.payload["errorMessage"].count("/bootstrap") == 2
    assert crash.payload["errorType"] == "Runtime.ExitError"
