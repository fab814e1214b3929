"""Node.js functions as Lambda runs them, through boto3: ES module and CommonJS handlers, async and callback styles,
callbackWaitsForEmptyEventLoop, the context object, Lambda's error JSON for thrown errors and rejected promises,
import errors, console log lines, and module state kept across warm invocations.

The runtime is the `nodejsNN.x` of the `node` installed here; every test skips when there is none.
"""

import json
import re

import pytest

from botocore.exceptions import ClientError

from conftest import NODE_RUNTIME, error_code, invoke


CALLBACKS = NODE_RUNTIME is not None and int(NODE_RUNTIME[6:8]) < 24

pytestmark = pytest.mark.skipif(NODE_RUNTIME is None, reason="no node with a Lambda runtime (18, 20, 22, 24) here")
needs_callbacks = pytest.mark.skipif(not CALLBACKS, reason="nodejs24.x and later have no callback handlers")

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t(?P<rid>[^\t]+)\t(?P<level>[A-Z]+)\t(?P<msg>.*)$")

ESM = """
let count = 0;
const startedAt = Date.now();
export const handler = async (event, context) => {
  count += 1;
  console.log('handling', event.n);
  return { count, startedAt, event, env: process.env.AWS_EXECUTION_ENV };
};
"""


def node(functions, files, handler="index.handler", **settings):
    return functions.create(files, runtime=NODE_RUNTIME, handler=handler, **settings)


def test_esm_async_handler_keeps_module_state_when_warm(lam, functions):
    name = node(functions, {"index.mjs": ESM})
    first = invoke(lam, name, {"n": 1})
    assert first.status == 200 and first.function_error is None, first.body
    assert first.payload["count"] == 1 and first.payload["event"] == {"n": 1}
    assert first.payload["env"] == "AWS_Lambda_%s" % NODE_RUNTIME
    assert first.cold
    assert first.log.startswith("INIT_START Runtime Version: nodejs:")
    second = invoke(lam, name, {"n": 2})
    assert second.payload["count"] == 2 and second.payload["startedAt"] == first.payload["startedAt"]
    assert not second.cold
    # console.log in Lambda's format: timestamp, request id, level, message
    lines = [LOG_LINE.match(l) for l in second.log.splitlines()]
    logged = [(m.group("rid"), m.group("level"), m.group("msg")) for m in lines if m]
    assert logged == [(second.raw["ResponseMetadata"]["RequestId"], "INFO", "handling 2")]


@needs_callbacks
def test_commonjs_callback_handler(lam, functions):
    name = node(
        functions,
        {"app.js": "exports.run = function (event, context, callback) { callback(null, { sum: event.a + event.b }); };"},
        handler="app.run",
    )
    result = invoke(lam, name, {"a": 2, "b": 3})
    assert result.function_error is None and result.payload == {"sum": 5}


@pytest.mark.parametrize(
    "files,handler",
    [
        ({"src/lib/handler.cjs": "module.exports.go = async () => 'nested cjs';"}, "src/lib/handler.go"),
        ({"package.json": '{"type":"module"}', "index.js": "export const handler = async () => 'esm .js';"}, "index.handler"),
        ({"index.js": "module.exports = { api: { get: async () => 'dotted' } };"}, "index.api.get"),
    ],
)
def test_handler_forms(lam, functions, files, handler):
    name = node(functions, files, handler=handler)
    result = invoke(lam, name)
    assert result.function_error is None, result.body
    assert isinstance(result.payload, str)


def test_thrown_error(lam, functions):
    source = """
    class PaymentError extends Error { constructor(msg) { super(msg); this.name = 'PaymentError'; } }
    export const handler = async () => { throw new PaymentError('card declined'); };
    """
    name = node(functions, {"index.mjs": source})
    result = invoke(lam, name)
    assert result.status == 200 and result.function_error == "Unhandled"
    body = result.payload
    assert body["errorType"] == "PaymentError" and body["errorMessage"] == "card declined"
    assert body["trace"][0] == "PaymentError: card declined"
    assert any("/index.mjs:" in frame for frame in body["trace"])
    error_lines = [l for l in result.log.splitlines() if "\tERROR\tInvoke Error" in l]
    assert len(error_lines) == 1
    logged = json.loads(error_lines[0].split("\t", 4)[4])
    assert logged["errorType"] == "PaymentError" and logged["stack"][0] == "PaymentError: card declined"


def test_rejected_promise(lam, functions):
    name = node(functions, {"index.js": "exports.handler = () => Promise.reject(new TypeError('not a number'));"})
    result = invoke(lam, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "TypeError" and result.payload["errorMessage"] == "not a number"
    assert isinstance(result.payload["trace"], list)
    # the environment survives a function error: the next invocation is warm
    assert not invoke(lam, name).cold


@needs_callbacks
def test_callback_error(lam, functions):
    name = node(functions, {"index.js": "exports.handler = (e, ctx, cb) => cb(new Error('via callback'));"})
    result = invoke(lam, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Error" and result.payload["errorMessage"] == "via callback"


@pytest.mark.parametrize(
    "files,handler,error_type,message",
    [
        ({"other.js": "exports.handler = 1;"}, "index.handler", "Runtime.ImportModuleError", "Cannot find module 'index'"),
        (
            {"index.js": "const x = require('left-pad'); exports.handler = async () => x;"},
            "index.handler",
            "Runtime.ImportModuleError",
            "Cannot find module 'left-pad'",
        ),
        ({"index.js": "exports.other = async () => 1;"}, "index.handler", "Runtime.HandlerNotFound", "index.handler is undefined or not exported"),
        ({"index.mjs": "export const handler = async () => {"}, "index.handler", "Runtime.UserCodeSyntaxError", "SyntaxError"),
    ],
)
def test_init_errors(lam, functions, files, handler, error_type, message):
    name = node(functions, files, handler=handler)
    result = invoke(lam, name)
    assert result.status == 200 and result.function_error == "Unhandled"
    assert result.payload["errorType"] == error_type
    assert message in result.payload["errorMessage"]
    assert "INIT_REPORT Init Duration:" in result.log and "Error Type: %s" % error_type in result.log
    assert "\tundefined\tERROR\tUncaught Exception" in result.log
    # every invocation re-runs init
    again = invoke(lam, name)
    assert again.payload["errorType"] == error_type and again.cold


@pytest.mark.skipif(NODE_RUNTIME == "nodejs24.x", reason="Lambda leaves node 24's module detection on")
def test_es_module_in_js_file_needs_type_module(lam, functions):
    """Lambda turns off node's module-syntax detection: an ES module in a .js file needs "type": "module"."""
    name = node(functions, {"index.js": "export const handler = async () => 1;"})
    result = invoke(lam, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.UserCodeSyntaxError"


@needs_callbacks
def test_pending_timer_with_callback_waits_false(lam, functions):
    """callbackWaitsForEmptyEventLoop = false: the response goes out at once, the pending timer stays behind."""
    source = """
    let fired = 0;
    exports.handler = function (event, context, callback) {
      context.callbackWaitsForEmptyEventLoop = false;
      setTimeout(() => { fired += 1; }, 10 * 60 * 1000);
      callback(null, { fired, waits: context.callbackWaitsForEmptyEventLoop });
    };
    """
    name = node(functions, {"index.js": source}, Timeout=10)
    result = invoke(lam, name)
    assert result.function_error is None, result.body
    assert result.payload == {"fired": 0, "waits": False}
    assert "Status: timeout" not in result.log
    assert not invoke(lam, name).cold


@needs_callbacks
def test_callback_waits_for_empty_event_loop_by_default(lam, functions):
    """By default a callback's result is sent once the event loop is empty, so a short timer runs first."""
    source = """
    exports.handler = function (event, context, callback) {
      const result = { timerRan: false };
      setTimeout(() => { result.timerRan = true; }, 100);
      callback(null, result);
    };
    """
    name = node(functions, {"index.js": source})
    assert invoke(lam, name).payload == {"timerRan": True}


def test_context_object(lam, functions):
    source = """
    export const handler = async (event, context) => ({
      awsRequestId: context.awsRequestId,
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      logGroupName: context.logGroupName,
      logStreamName: context.logStreamName,
      remaining: context.getRemainingTimeInMillis(),
      clientContext: context.clientContext ?? null,
      identity: context.identity ?? null,
      waits: context.callbackWaitsForEmptyEventLoop,
      cwd: process.cwd(),
      taskRoot: process.env.LAMBDA_TASK_ROOT,
    });
    """
    name = node(functions, {"index.mjs": source}, MemorySize=256, Timeout=7)
    import base64

    context = base64.b64encode(json.dumps({"custom": {"user": "u1"}}).encode()).decode()
    result = invoke(lam, name, ClientContext=context)
    c = result.payload
    assert c["awsRequestId"] == result.raw["ResponseMetadata"]["RequestId"]
    assert c["functionName"] == name and c["functionVersion"] == "$LATEST"
    assert c["invokedFunctionArn"].endswith(":function:%s" % name)
    assert c["memoryLimitInMB"] == "256"
    assert c["logGroupName"] == "/aws/lambda/%s" % name
    assert re.match(r"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$", c["logStreamName"])
    assert 0 < c["remaining"] <= 7000
    assert c["clientContext"] == {"custom": {"user": "u1"}}
    assert c["identity"] is None
    assert c["waits"] is True
    assert c["cwd"] == c["taskRoot"]


def test_runtime_not_installed_names_what_is(raw_lam):
    missing = [r for r in ("nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x") if r != NODE_RUNTIME]
    for runtime in missing:
        try:
            raw_lam.create_function(
                FunctionName="node-missing-%s" % runtime.replace(".", "-"),
                Runtime=runtime,
                Handler="index.handler",
                Role="arn:aws:iam::123456789012:role/x",
                Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
            )
        except ClientError as e:
            if error_code(e) != "InvalidParameterValueException":
                raise
            message = e.response["Error"]["Message"]
            assert "%s is not available on this host" % runtime in message
            assert NODE_RUNTIME in message
            return
        raw_lam.delete_function(FunctionName="node-missing-%s" % runtime.replace(".", "-"))
    pytest.skip("every Node.js runtime is installed here")
