// Lamb's bootstrap for Node.js functions.
//
// Started by Lamb as  node [heap flags] <shimdir>/lamb_bootstrap.mjs  with the handler in $_HANDLER and the Runtime
// API address in $AWS_LAMBDA_RUNTIME_API. It loads the handler (init), then serves one invocation at a time:
// GET /next, call the handler, POST the result or the error, repeat.
//
// How an invocation ends, as on Lambda:
// - an async handler (or any handler returning a promise): when the promise settles;
// - context.succeed / fail / done: at once;
// - callback(err, result): at once if context.callbackWaitsForEmptyEventLoop is false; otherwise (the default) when
//   the event loop has nothing left to do, and the result is serialized only then;
// - none of these: when the event loop is empty, with the result null.
// Work still pending when an invocation ends (timers, sockets) stays in the process and carries on during later
// invocations; between invocations Lamb freezes the environment, as Lambda does.
import { RuntimeClient } from './client.mjs';
import { errorResponse, logFormatted, RuntimeError } from './errors.mjs';
import { loadHandler } from './load.mjs';
import { patchConsole, runtimeMessage, setInvocation } from './logging.mjs';
import { installGlobal, isStreamingHandler, streamInvocation } from './streaming.mjs';

const env = process.env;
const nodeMajor = Number((env.AWS_EXECUTION_ENV ?? '').match(/nodejs(\d+)/)?.[1] ?? 0);
let client;
let current; // the invocation in progress: { requestId, invocationId }
let initDone = false;

async function main() {
  patchConsole();
  if (!env.AWS_LAMBDA_RUNTIME_API) {
    runtimeMessage('AWS_LAMBDA_RUNTIME_API is not set');
    process.exit(1);
  }
  client = new RuntimeClient(env.AWS_LAMBDA_RUNTIME_API);
  process.on('uncaughtException', (error) => fatal('Uncaught Exception', error, 129));
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    const error = new RuntimeError('Runtime.UnhandledPromiseRejection', text, reason);
    fatal('Unhandled Promise Rejection', error, 128);
  });

  installGlobal();
  let handler;
  try {
    handler = await loadHandler(env.LAMBDA_TASK_ROOT || process.cwd(), process.argv[2] || env._HANDLER);
    // Node.js 24 and later runtimes accept only handlers that do not take a callback (judged by arity, as Lambda does).
    // A streaming handler's third parameter is its response stream.
    if (nodeMajor >= 24 && handler.length >= 3 && !isStreamingHandler(handler)) {
      throw new RuntimeError(
        'Runtime.CallbackHandlerDeprecated',
        `Callback-style handlers (a third 'callback' parameter) are not supported on nodejs${nodeMajor}.x; `
          + 'use an async handler.');
    }
  } catch (error) {
    await reportInitError(error);
    return;
  }
  nextInvocation(handler);
}

/** Init failed: log it, tell the Runtime API, exit (the next invocation starts a new environment). */
async function reportInitError(error) {
  console.error('Uncaught Exception', logFormatted(error));
  try {
    await client.postInitError(errorResponse(error));
  } catch (postError) {
    runtimeMessage(`POST /runtime/init/error failed: ${postError.message}`);
  }
  process.exit(129);
}

/** An error nothing caught: it fails the invocation in progress (or init) and ends the process. */
async function fatal(what, error, status) {
  console.error(what, logFormatted(error));
  try {
    if (current) {
      await client.postError(current.requestId, errorResponse(error), current.invocationId);
    } else if (!initDone) {
      await client.postInitError(errorResponse(error));
    }
  } catch (postError) {
    runtimeMessage(`reporting the error failed: ${postError.message}`);
  }
  process.exit(status);
}

async function nextInvocation(handler) {
  let res;
  try {
    initDone = true;
    res = await client.next();
  } catch (error) {
    runtimeMessage(`Runtime API request failed: ${error.message}`);
    process.exit(1);
  }
  invoke(handler, res.headers, res.body);
}

function jsonHeader(value) {
  return value ? JSON.parse(value) : undefined;
}

function invoke(handler, headers, body) {
  const requestId = headers['lambda-runtime-aws-request-id'];
  const invocationId = headers['lambda-runtime-invocation-id'];
  const deadline = Number(headers['lambda-runtime-deadline-ms'] ?? 0);
  const tenantId = headers['lambda-runtime-aws-tenant-id'] || undefined;
  const traceId = headers['lambda-runtime-trace-id'];
  if (traceId) env._X_AMZN_TRACE_ID = traceId;
  else delete env._X_AMZN_TRACE_ID;
  setInvocation(requestId, tenantId);

  let done = false;
  let deferred; // [error, result] of a callback waiting for the event loop to empty
  let waitsForEmptyEventLoop = true;

  const finish = (failed, value) => {
    if (done) {
      console.error('The invocation has already been reported as done; a result can be given only once.');
      return;
    }
    done = true;
    process.removeListener('beforeExit', onEmptyEventLoop);
    // The result goes out together with the request for the next event (see client.mjs).
    const posted = () => {
      current = undefined;
    };
    let next;
    if (failed) {
      console.error('Invoke Error', logFormatted(value));
      next = client.errorThenNext(requestId, errorResponse(value), invocationId, posted);
    } else {
      let payload;
      try {
        payload = JSON.stringify(value === undefined ? null : value);
      } catch (error) {
        const message = `Unable to stringify response body: ${error.message}`;
        const marshal = new RuntimeError('Runtime.MarshalError', message, error);
        console.error('Invoke Error', logFormatted(marshal));
        next = client.errorThenNext(requestId, errorResponse(marshal), invocationId, posted);
      }
      next ??= client.responseThenNext(requestId, payload, invocationId, posted);
    }
    next.then(
      (res) => setImmediate(() => invoke(handler, res.headers, res.body)),
      (error) => {
        runtimeMessage(`Runtime API request failed: ${error.message}`);
        process.exit(1);
      });
  };
  const succeed = (result) => finish(false, result);
  const fail = (error) => finish(true, error);
  const settle = (error, result) => (error === undefined || error === null ? succeed(result) : fail(error));
  // The event loop ran dry: a waiting callback completes now; without one, the invocation ends with null.
  const onEmptyEventLoop = () => (deferred ? settle(...deferred) : succeed(null));
  process.on('beforeExit', onEmptyEventLoop);
  current = { requestId, invocationId };

  const callback = (error, result) => {
    if (done || deferred) return;
    if (waitsForEmptyEventLoop) deferred = [error, result];
    else settle(error, result);
  };
  let context;
  try {
    context = {
      get callbackWaitsForEmptyEventLoop() {
        return waitsForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitsForEmptyEventLoop = Boolean(value);
      },
      succeed,
      fail,
      done: settle,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      awsRequestId: requestId,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      identity: jsonHeader(headers['lambda-runtime-cognito-identity']),
      clientContext: jsonHeader(headers['lambda-runtime-client-context']),
      tenantId,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
  } catch (error) {
    const message = `Unable to parse the invocation context: ${error.message}`;
    fail(new RuntimeError('Runtime.LambdaContextUnmarshalError', message, error));
    return;
  }
  let event;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch (error) {
    fail(new RuntimeError('Runtime.UnmarshalError', `Unable to parse the event: ${error.message}`, error));
    return;
  }
  if (isStreamingHandler(handler)) {
    // Its own way to the end (streaming.mjs): the stream's end, not the event loop's, ends the invocation.
    done = true;
    process.removeListener('beforeExit', onEmptyEventLoop);
    streamInvocation(client, handler, event, context, requestId, invocationId)
      .then(() => {
        current = undefined;
        return client.next();
      })
      .then(
        (res) => setImmediate(() => invoke(handler, res.headers, res.body)),
        (error) => {
          runtimeMessage(`Runtime API request failed: ${error.message}`);
          process.exit(1);
        });
    return;
  }
  try {
    const returned = handler(event, context, callback);
    if (returned !== null && typeof returned?.then === 'function') {
      returned.then(succeed, fail);
    }
  } catch (error) {
    callback(error);
  }
}

main();
