// Response streaming, as Lambda's Node.js runtime offers it through the `awslambda` global:
//
//   export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => { ... });
//
// The handler gets a Writable. Its bytes go to the Runtime API as they are written, in one `/response` post with
// `Lambda-Runtime-Function-Response-Mode: streaming` and chunked coding; the post's head goes out with the first
// write (so that `setContentType` may come before it). A failure after that ends the body with the trailers
// `Lambda-Runtime-Function-Error-Type` and `Lambda-Runtime-Function-Error-Body` (base64 of the error JSON); a failure
// before any write is an ordinary `/error` post. The invocation is over when the handler's promise has settled and
// the stream has ended (a stream the handler left open is ended then).
//
// `awslambda.HttpResponseStream.from(stream, { statusCode, headers, cookies })` starts the body with the prelude
// that Function URLs read: that JSON, then 8 NUL bytes.
import { Writable } from 'node:stream';
import { errorResponse, logFormatted } from './errors.mjs';

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HTTP_INTEGRATION = 'application/vnd.awslambda.http-integration-response';
const PRELUDE_END = Buffer.alloc(8);

/** Defines `globalThis.awslambda` (before the function's code is loaded: it calls it at module level). */
export function installGlobal() {
  globalThis.awslambda = {
    streamifyResponse(handler) {
      if (typeof handler !== 'function') throw new TypeError('streamifyResponse expects a handler function');
      handler[STREAMING] = 'response';
      return handler;
    },
    HttpResponseStream: class HttpResponseStream {
      static from(stream, metadata = {}) {
        stream.setContentType(HTTP_INTEGRATION);
        stream.write(Buffer.concat([Buffer.from(JSON.stringify(metadata ?? {}), 'utf8'), PRELUDE_END]));
        return stream;
      }
    },
  };
}

export function isStreamingHandler(handler) {
  return handler?.[STREAMING] === 'response';
}

/** The Writable a streaming handler writes its response to. */
class ResponseStream extends Writable {
  constructor(open) {
    super();
    this.contentType = 'application/octet-stream';
    this.open = open; // (contentType) => the client's stream sender
    this.sender = undefined;
    this.endedWith = undefined; // the Runtime API's answer to the finished post
    this.settled = new Promise((resolve, reject) => {
      this.once('finish', resolve);
      this.once('error', reject);
    });
    this.settled.catch(() => {});
  }

  setContentType(type) {
    if (this.sender) throw new Error('The content type must be set before the response stream is written to.');
    this.contentType = String(type);
  }

  /** Resolves once the stream has ended and its post was answered. */
  finished() {
    return this.settled;
  }

  get started() {
    return this.sender !== undefined;
  }

  sending() {
    this.sender ??= this.open(this.contentType);
    return this.sender;
  }

  _write(chunk, encoding, callback) {
    if (chunk.length === 0) {
      callback();
      return;
    }
    this.sending().write(chunk).then(() => callback(), callback);
  }

  _final(callback) {
    this.sending().end().then((answer) => {
      this.endedWith = answer;
      callback();
    }, callback);
  }
}

/** Runs one invocation of a streaming handler; resolves when its response is posted (or throws if posting failed). */
export async function streamInvocation(client, handler, event, context, requestId, invocationId) {
  const stream = new ResponseStream((contentType) => client.beginStream(requestId, invocationId, contentType));
  let failure;
  try {
    await handler(event, stream, context);
    if (!stream.writableEnded) stream.end();
    await stream.finished();
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) return;
  console.error('Invoke Error', logFormatted(failure));
  if (stream.sender?.ended) return; // the response was complete; the error came after it
  if (!stream.started) {
    await client.postError(requestId, errorResponse(failure), invocationId);
    return;
  }
  await stream.sender.end(errorResponse(failure));
}
