"""Behaviour of Lamb's Node.js runtime shim (Sources/LambRuntimes/Shims/node) against a fake Runtime API.

Skipped when no `node` is installed. Each test writes a handler into a temporary task root and runs
`node lamb_bootstrap.mjs` with the environment Lamb gives a runtime.
"""

import base64
import json
import os
import re
import shutil
import subprocess
import time

import pytest

from conftest import REPO, RuntimeProcess, check_connection_close_reconnects, check_dropped_connection_reopened, write_code
from fake_runtime_api import API

NODE = shutil.which("node") or shutil.which("nodejs")
NODE_SHIM = os.path.join(REPO, "Sources", "LambRuntimes", "Shims", "node", "lamb_bootstrap.mjs")

pytestmark = pytest.mark.skipif(NODE is None, reason="no node interpreter on this host")

LOG_LINE = re.compile(r"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\t(?P<rid>[^\t]*)\t(?P<level>[A-Z]+)\t(?P<msg>.*)$")


def node_major():
    out = subprocess.run([NODE, "--version"], capture_output=True, text=True).stdout
    return int(out.strip().lstrip("v").split(".")[0])


def node_runtime(api, task_root, handler, env=None):
    """The Node shim as a `RuntimeProcess` (conftest.py) against the fake Runtime API."""
    extra = {"AWS_EXECUTION_ENV": "AWS_Lambda_nodejs%d.x" % node_major()}
    extra.update(env or {})
    return RuntimeProcess(api, task_root, handler, extra, command=[NODE, NODE_SHIM])


@pytest.fixture
def start_node(api, task_root):
    started = []

    def start(handler="index.handler", env=None):
        runtime = node_runtime(api, task_root, handler, env)
        started.append(runtime)
        return runtime

    yield start
    for runtime in started:
        runtime.stop()


def result_of(api, rid):
    rec = api.wait_result(rid)
    return rec.path.rsplit("/", 1)[1], rec


# -- handler forms -----------------------------------------------------------------------------


def test_esm_async_handler_and_module_state(api, task_root, start_node):
    write_code(
        task_root,
        "index.mjs",
        """
        let count = 0;
        export const handler = async (event, context) => {
          count += 1;
          return { event, count };
        };
        """,
    )
    start_node()
    first = api.enqueue({"a": 1})
    kind, rec = result_of(api, first)
    assert kind == "response"
    assert rec.headers["content-type"] == "application/json"
    assert rec.json() == {"event": {"a": 1}, "count": 1}
    second = api.enqueue([1, 2])
    assert result_of(api, second)[1].json() == {"event": [1, 2], "count": 2}
    # one keep-alive connection for everything
    assert len({r.conn_id for r in api.requests}) == 1


@pytest.mark.parametrize(
    "files,handler",
    [
        ({"index.js": "exports.handler = async () => 'cjs';"}, "index.handler"),
        ({"app.cjs": "module.exports.run = async () => 'cjs';"}, "app.run"),
        ({"src/deep/app.mjs": "export async function handler() { return 'cjs'; }"}, "src/deep/app.handler"),
        (
            {"package.json": '{"type": "module"}', "index.js": "export const handler = async () => 'cjs';"},
            "index.handler",
        ),
        ({"index.js": "module.exports = { a: { b: { run: async () => 'cjs' } } };"}, "index.a.b.run"),
        ({"index.mjs": "export default async () => 'cjs';"}, "index.default"),
        ({"node_modules/mypkg/index.js": "exports.handler = async () => 'cjs';"}, "mypkg.handler"),
    ],
)
def test_module_forms(api, task_root, start_node, files, handler):
    for path, source in files.items():
        write_code(task_root, path, source)
    start_node(handler)
    rid = api.enqueue({})
    kind, rec = result_of(api, rid)
    assert (kind, rec.json()) == ("response", "cjs"), rec.body


def test_callback_handler(api, task_root, start_node):
    if node_major() >= 24:
        pytest.skip("callback handlers are refused on nodejs24.x")
    write_code(task_root, "index.js", "exports.handler = function (event, context, callback) { callback(null, {ok: event.n}); };")
    start_node()
    rid = api.enqueue({"n": 3})
    assert result_of(api, rid)[1].json() == {"ok": 3}


def test_callback_waits_for_empty_event_loop(api, task_root, start_node):
    """By default the result of a callback is posted (and serialized) once pending timers have run."""
    if node_major() >= 24:
        pytest.skip("callback handlers are refused on nodejs24.x")
    write_code(
        task_root,
        "index.js",
        """
        exports.handler = function (event, context, callback) {
          const result = { timerRan: false };
          setTimeout(() => { result.timerRan = true; }, 50);
          if (event.dontWait) context.callbackWaitsForEmptyEventLoop = false;
          callback(null, result);
        };
        """,
    )
    start_node()
    rid = api.enqueue({})
    assert result_of(api, rid)[1].json() == {"timerRan": True}
    rid = api.enqueue({"dontWait": True})
    assert result_of(api, rid)[1].json() == {"timerRan": False}


def test_pending_timer_does_not_hold_the_response(api, task_root, start_node):
    if node_major() >= 24:
        pytest.skip("callback handlers are refused on nodejs24.x")
    write_code(
        task_root,
        "index.js",
        """
        let fired = 0;
        exports.handler = function (event, context, callback) {
          context.callbackWaitsForEmptyEventLoop = false;
          setTimeout(() => { fired += 1; }, 600000);
          callback(null, { fired });
        };
        """,
    )
    start_node()
    rid = api.enqueue({})
    assert result_of(api, rid)[1].json() == {"fired": 0}
    api.wait_next_calls(2)


def test_sync_handler_without_callback_returns_null(api, task_root, start_node):
    write_code(task_root, "index.js", "exports.handler = function (event, context) { console.log('hi'); return 42; };")
    start_node()
    rid = api.enqueue({})
    kind, rec = result_of(api, rid)
    assert (kind, rec.body) == ("response", b"null")


def test_context_succeed_fail_done(api, task_root, start_node):
    write_code(
        task_root,
        "index.js",
        """
        exports.handler = function (event, context) {
          if (event.kind === 'succeed') context.succeed({ via: 'succeed' });
          else if (event.kind === 'fail') context.fail(new Error('via fail'));
          else context.done(null, { via: 'done' });
        };
        """,
    )
    start_node()
    assert result_of(api, api.enqueue({"kind": "succeed"}))[1].json() == {"via": "succeed"}
    kind, rec = result_of(api, api.enqueue({"kind": "fail"}))
    assert kind == "error" and rec.json()["errorMessage"] == "via fail"
    assert result_of(api, api.enqueue({"kind": "done"}))[1].json() == {"via": "done"}


# -- context -----------------------------------------------------------------------------------


def test_context_object(api, task_root, start_node):
    write_code(
        task_root,
        "index.mjs",
        """
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
          trace: process.env._X_AMZN_TRACE_ID ?? null,
        });
        """,
    )
    start_node()
    deadline = int(time.time() * 1000) + 30000
    rid = api.enqueue(
        {},
        deadline_ms=deadline,
        client_context={"custom": {"k": "v"}},
        cognito_identity={"cognitoIdentityId": "id1", "cognitoIdentityPoolId": "pool1"},
        trace_id="Root=1-5e1b4151-5ac6c58f5b5daa6532e5ddd4;Parent=1;Sampled=0",
    )
    ctx = result_of(api, rid)[1].json()
    assert ctx["awsRequestId"] == rid
    assert ctx["functionName"] == "test-fn"
    assert ctx["functionVersion"] == "$LATEST"
    assert ctx["invokedFunctionArn"] == "arn:aws:lambda:us-east-1:123456789012:function:test-fn"
    assert ctx["memoryLimitInMB"] == "256"
    assert ctx["logGroupName"] == "/aws/lambda/test-fn"
    assert ctx["logStreamName"].startswith("2024/01/01/[$LATEST]")
    assert 0 < ctx["remaining"] <= 30000
    assert ctx["clientContext"] == {"custom": {"k": "v"}}
    assert ctx["identity"] == {"cognitoIdentityId": "id1", "cognitoIdentityPoolId": "pool1"}
    assert ctx["waits"] is True
    assert ctx["trace"].startswith("Root=1-5e1b4151")
    rid = api.enqueue({})
    ctx = result_of(api, rid)[1].json()
    assert ctx["clientContext"] is None and ctx["identity"] is None and ctx["trace"] is None


# -- errors ------------------------------------------------------------------------------------


def test_thrown_error(api, task_root, start_node):
    write_code(
        task_root,
        "index.mjs",
        """
        class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
        export const handler = async (event) => {
          if (event.kind === 'type') null.x;
          throw new ValidationError('bad input');
        };
        """,
    )
    node = start_node()
    rid = api.enqueue({})
    kind, rec = result_of(api, rid)
    assert kind == "error"
    body = rec.json()
    assert body["errorType"] == "ValidationError"
    assert body["errorMessage"] == "bad input"
    assert body["trace"][0] == "ValidationError: bad input"
    assert any("index.mjs" in line for line in body["trace"])
    assert rec.headers["lambda-runtime-function-error-type"] == "ValidationError"
    out = node.wait_output("Invoke Error")
    line = [l for l in out.splitlines() if "Invoke Error" in l][0]
    m = LOG_LINE.match(line)
    assert m and m.group("rid") == rid and m.group("level") == "ERROR"
    logged = json.loads(m.group("msg").split("\t", 1)[1])
    assert logged["errorType"] == "ValidationError" and logged["stack"][0] == "ValidationError: bad input"
    kind, rec = result_of(api, api.enqueue({"kind": "type"}))
    assert rec.json()["errorType"] == "TypeError"


def test_rejected_promise(api, task_root, start_node):
    write_code(
        task_root,
        "index.js",
        """
        exports.handler = (event) => event.plain ? Promise.reject('just a string') : Promise.reject(new RangeError('out of range'));
        """,
    )
    start_node()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "error"
    assert rec.json()["errorType"] == "RangeError" and rec.json()["errorMessage"] == "out of range"
    kind, rec = result_of(api, api.enqueue({"plain": True}))
    assert rec.json() == {"errorType": "string", "errorMessage": "just a string", "trace": []}


def test_callback_error(api, task_root, start_node):
    if node_major() >= 24:
        pytest.skip("callback handlers are refused on nodejs24.x")
    write_code(task_root, "index.js", "exports.handler = (e, c, cb) => cb(new Error('cb failed'));")
    start_node()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "error" and rec.json()["errorMessage"] == "cb failed" and rec.json()["errorType"] == "Error"


def test_unmarshallable_result(api, task_root, start_node):
    write_code(task_root, "index.mjs", "export const handler = async () => { const a = {}; a.self = a; return a; };")
    start_node()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "error" and rec.json()["errorType"] == "Runtime.MarshalError"


def test_uncaught_exception_in_timer_fails_invocation_and_exits(api, task_root, start_node):
    write_code(
        task_root,
        "index.js",
        "exports.handler = (e, c) => new Promise(() => setTimeout(() => { throw new Error('late'); }, 10));",
    )
    node = start_node()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "error" and rec.json()["errorMessage"] == "late"
    assert node.wait_exit() == 129


def test_unhandled_rejection_fails_invocation(api, task_root, start_node):
    write_code(
        task_root,
        "index.js",
        "exports.handler = (e, c) => new Promise(() => { Promise.reject(new Error('nobody catches me')); });",
    )
    node = start_node()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "error"
    assert rec.json()["errorType"] == "Runtime.UnhandledPromiseRejection"
    assert "nobody catches me" in rec.json()["errorMessage"]
    assert node.wait_exit() == 128


# -- init errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files,handler,error_type,message",
    [
        ({}, "missing.handler", "Runtime.ImportModuleError", "Error: Cannot find module 'missing'"),
        (
            {"index.js": "require('not-installed'); exports.handler = async () => 1;"},
            "index.handler",
            "Runtime.ImportModuleError",
            "Error: Cannot find module 'not-installed'",
        ),
        (
            {"index.mjs": "import 'not-installed'; export const handler = async () => 1;"},
            "index.handler",
            "Runtime.ImportModuleError",
            "Cannot find package 'not-installed'",
        ),
        ({"index.js": "exports.other = async () => 1;"}, "index.handler", "Runtime.HandlerNotFound", "index.handler is undefined or not exported"),
        ({"index.js": "exports.handler = 5;"}, "index.handler", "Runtime.HandlerNotFound", "index.handler is not a function"),
        ({"index.js": "exports.handler = async () => {"}, "index.handler", "Runtime.UserCodeSyntaxError", "SyntaxError: "),
        ({"index.js": "throw new TypeError('init went wrong');"}, "index.handler", "TypeError", "init went wrong"),
        ({}, "nodots", "Runtime.MalformedHandlerName", "Bad handler"),
    ],
)
def test_init_errors(api, task_root, start_node, files, handler, error_type, message):
    for path, source in files.items():
        write_code(task_root, path, source)
    node = start_node(handler)
    rec = api.wait_init_error()
    body = rec.json()
    assert body["errorType"] == error_type
    assert message in body["errorMessage"]
    assert isinstance(body["trace"], list)
    assert rec.headers["lambda-runtime-function-error-type"] == error_type
    assert node.wait_exit() == 129
    line = [l for l in node.output().splitlines() if "Uncaught Exception" in l][0]
    m = LOG_LINE.match(line)
    assert m and m.group("rid") == "undefined" and m.group("level") == "ERROR"


def test_callback_handler_refused_on_nodejs24(api, task_root, start_node):
    write_code(task_root, "index.js", "exports.handler = function (event, context, callback) { callback(null, 1); };")
    node = start_node(env={"AWS_EXECUTION_ENV": "AWS_Lambda_nodejs24.x"})
    body = api.wait_init_error().json()
    assert body["errorType"] == "Runtime.CallbackHandlerDeprecated"
    assert node.wait_exit() == 129


# -- logs --------------------------------------------------------------------------------------


def test_console_log_format(api, task_root, start_node):
    write_code(
        task_root,
        "index.js",
        """
        console.log('during init');
        exports.handler = async () => {
          console.log('hello %s', 'world', { a: 1 });
          console.info('info'); console.warn('warn'); console.error('error'); console.debug('debug');
          console.log('two\\nlines');
          process.stdout.write('raw write\\n');
          return 1;
        };
        """,
    )
    node = start_node()
    rid = api.enqueue({})
    result_of(api, rid)
    out = node.wait_output("raw write")
    lines = out.split("\n")  # not splitlines(): a record's line breaks are carriage returns
    parsed = [LOG_LINE.match(l) for l in lines]
    init = [m for m in parsed if m and m.group("msg") == "during init"][0]
    assert init.group("rid") == "undefined" and init.group("level") == "INFO"
    got = [(m.group("level"), m.group("msg")) for m in parsed if m and m.group("rid") == rid]
    assert got == [
        ("INFO", "hello world { a: 1 }"),
        ("INFO", "info"),
        ("WARN", "warn"),
        ("ERROR", "error"),
        ("DEBUG", "debug"),
        ("INFO", "two\rlines"),
    ]
    assert "raw write" in lines


def test_json_log_format_and_level(api, task_root, start_node):
    write_code(
        task_root,
        "index.js",
        "exports.handler = async () => { console.debug('hidden'); console.warn('shown', 1); console.error({k: 'v'}); return 1; };",
    )
    node = start_node(env={"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "WARN"})
    rid = api.enqueue({})
    result_of(api, rid)
    node.wait_output('"k":"v"')
    records = [json.loads(l) for l in node.output().splitlines() if l.startswith("{")]
    assert [(r["level"], r["message"]) for r in records] == [("WARN", "shown 1"), ("ERROR", {"k": "v"})]
    assert all(r["requestId"] == rid for r in records)


def test_layers_on_node_path(api, task_root, start_node, tmp_path):
    """NODE_PATH (as Lamb sets it: the layers' node_modules) serves require() of a layer's package."""
    opt = tmp_path / "opt"
    write_code(opt, "nodejs/node_modules/layerlib/index.js", "exports.greet = (n) => 'hi ' + n;")
    write_code(task_root, "index.js", "const lib = require('layerlib'); exports.handler = async (e) => lib.greet(e.n);")
    start_node(env={"NODE_PATH": "%s/nodejs/node_modules" % opt})
    assert result_of(api, api.enqueue({"n": "layer"}))[1].json() == "hi layer"


def test_invocation_id_echoed(api, task_root, start_node):
    write_code(task_root, "index.mjs", "export const handler = async () => 1;")
    start_node()
    rid = api.enqueue({}, extra_headers={"Lambda-Runtime-Invocation-Id": "inv-123"})
    assert result_of(api, rid)[1].headers["lambda-runtime-invocation-id"] == "inv-123"


# -- the Runtime API connection ----------------------------------------------------------------

NODE_ECHO = "exports.handler = async (event) => ({ event });\n"


def test_one_connection_and_results_pipelined_with_next(api, task_root, start_node):
    write_code(task_root, "index.js", NODE_ECHO)
    start_node()
    for n in range(3):
        rid = api.enqueue({"n": n})
        assert result_of(api, rid)[1].json() == {"event": {"n": n}}
    api.wait_next_calls(4)
    # One kept-alive connection for everything; each result is followed at once by the next /next.
    assert len(set(r.conn_id for r in api.requests)) == 1
    paths = [r.path.rsplit("/", 1)[1] for r in api.requests]
    assert paths == ["next", "response", "next", "response", "next", "response", "next"]


def test_connection_close_reconnects(api, task_root, start_node):
    write_code(task_root, "index.js", NODE_ECHO)
    start_node()
    check_connection_close_reconnects(api)


def test_connection_dropped_by_server_is_reopened(api, task_root, start_node):
    write_code(task_root, "index.js", NODE_ECHO)
    start_node()
    check_dropped_connection_reopened(api)


# -- response streaming (awslambda.streamifyResponse) ------------------------------------------


def test_streamify_response_streams_chunks_as_written(api, task_root, start_node, tmp_path):
    gate = tmp_path / "go"
    write_code(
        task_root,
        "index.mjs",
        """
        import fs from 'node:fs';
        const waitFor = (file) => new Promise((resolve) => {
          const poll = () => (fs.existsSync(file) ? resolve() : setTimeout(poll, 10));
          poll();
        });
        export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
          responseStream.setContentType('text/plain');
          responseStream.write('first|');
          await waitFor(event.gate);
          responseStream.write(context.awsRequestId);
          responseStream.end();
        });
        """,
    )
    start_node()
    rid = api.enqueue({"gate": str(gate)})
    # The first chunk is at the Runtime API while the handler still waits: it was sent as written.
    assert api.wait_partial(rid) == [b"first|"]
    assert not any(r.path.endswith(rid + "/response") for r in api.posts())
    gate.write_text("go")
    kind, rec = result_of(api, rid)
    assert kind == "response"
    assert rec.body == b"first|" + rid.encode()
    assert rec.headers["lambda-runtime-function-response-mode"] == "streaming"
    assert rec.headers["transfer-encoding"] == "chunked"
    assert rec.headers["content-type"] == "text/plain"
    assert rec.trailers == {}
    # The next invocation works as usual.
    api.enqueue({"gate": str(gate)})
    api.wait_next_calls(3)


def test_streamify_response_error_mid_stream_goes_in_trailers(api, task_root, start_node):
    write_code(
        task_root,
        "index.mjs",
        """
        export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
          if (event.early) throw new TypeError('before any byte');
          responseStream.write('partial');
          await new Promise((r) => setTimeout(r, 10));
          throw new RangeError('in the middle');
        });
        """,
    )
    start_node()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "response" and rec.body == b"partial"
    assert rec.trailers["lambda-runtime-function-error-type"] == "RangeError"
    error = json.loads(base64.b64decode(rec.trailers["lambda-runtime-function-error-body"]))
    assert error["errorType"] == "RangeError" and error["errorMessage"] == "in the middle"
    # Failing before the first write is an ordinary /error post.
    kind, rec = result_of(api, api.enqueue({"early": True}))
    assert kind == "error" and rec.json()["errorType"] == "TypeError"


def test_http_response_stream_prelude(api, task_root, start_node):
    write_code(
        task_root,
        "index.js",
        """
        exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
          const metadata = { statusCode: 201, headers: { 'x-kind': 'stream' }, cookies: ['a=1'] };
          responseStream = awslambda.HttpResponseStream.from(responseStream, metadata);
          responseStream.write('body');
          responseStream.end();
        });
        """,
    )
    start_node()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "response"
    assert rec.headers["content-type"] == "application/vnd.awslambda.http-integration-response"
    prelude, _, body = rec.body.partition(b"\0" * 8)
    assert json.loads(prelude) == {"statusCode": 201, "headers": {"x-kind": "stream"}, "cookies": ["a=1"]}
    assert body == b"body"


def test_streaming_handler_takes_three_parameters_on_every_node(api, task_root, start_node):
    # Node 24's refusal of callback handlers (judged by arity) does not apply to a streaming handler.
    write_code(
        task_root,
        "index.mjs",
        """
        export const handler = awslambda.streamifyResponse(async (event, stream, context) => { stream.end('ok'); });
        """,
    )
    start_node(env={"AWS_EXECUTION_ENV": "AWS_Lambda_nodejs24.x"})
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "response" and rec.body == b"ok"
