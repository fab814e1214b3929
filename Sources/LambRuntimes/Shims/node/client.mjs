// The Runtime API client of Lamb's Node.js bootstrap: HTTP/1.1 over one keep-alive socket to
// $AWS_LAMBDA_RUNTIME_API (host:port, no scheme).
//
// Written on `net` rather than `http`: node's HTTP client cannot pipeline, and it costs a warm invocation several
// times what the handler does. A result is sent together with the next `/next` (results up to 1 MB), so the
// runtime is parked on `/next` one round trip sooner and Lamb reads both requests at once.
import net from 'node:net';

const API = '/2018-06-01/runtime';
const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
const INVOCATION_ID_HEADER = 'Lambda-Runtime-Invocation-Id';
const ERROR_BODY_HEADER = 'Lambda-Runtime-Function-Error-Body';
const RESPONSE_MODE_HEADER = 'Lambda-Runtime-Function-Response-Mode';
const CRLF = Buffer.from('\r\n');
const PIPELINED_RESULT_MAX = 1 << 20;
const CRLF2 = Buffer.from('\r\n\r\n');

export class RuntimeClient {
  constructor(address) {
    const colon = address.lastIndexOf(':');
    this.host = address.slice(0, colon).replace(/^\[|\]$/g, '');
    this.port = Number(address.slice(colon + 1));
    this.userAgent = `aws-lambda-nodejs/${process.version}-lamb`;
    this.socket = null;
    this.buffer = Buffer.alloc(0);
    this.waiting = []; // one { resolve, reject } per request sent and not yet answered, in order
  }

  // -- connection ---------------------------------------------------------------------------------------------

  connect() {
    const socket = net.createConnection({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.received(chunk));
    socket.on('error', (error) => this.lost(socket, error));
    socket.on('close', () => this.lost(socket));
    this.socket = socket;
  }

  /** The connection ended with requests unanswered. If no byte of the awaited answer came (the server had dropped a
   * kept-alive connection), they are sent again, once, on a new connection; otherwise they fail. */
  lost(socket, error) {
    if (this.socket !== socket) return;
    const partial = this.buffer.length > 0;
    this.socket = null;
    this.buffer = Buffer.alloc(0);
    const waiting = this.waiting;
    this.waiting = [];
    if (waiting.length === 0) return;
    if (!partial && waiting.every((w) => !w.retried)) {
      this.resend(waiting);
      return;
    }
    for (const w of waiting) w.reject(error ?? new Error('connection closed by the Runtime API'));
  }

  resend(waiting) {
    this.connect();
    for (const w of waiting) w.retried = true;
    this.waiting = waiting;
    this.updateRef();
    this.socket.write(Buffer.concat(waiting.map((w) => w.data)));
  }

  /** While no request waits, the socket must not keep the process alive: an invocation that leaves nothing else
   * pending ends when the event loop runs dry ('beforeExit'), and that is how such invocations are detected. */
  updateRef() {
    if (!this.socket) return;
    if (this.waiting.length > 0) this.socket.ref();
    else this.socket.unref();
  }

  /** Sends requests back to back; resolves to one response each ({ status, headers, body }). */
  send(requests) {
    if (!this.socket) this.connect();
    const answers = requests.map(
      (data) => new Promise((resolve, reject) => this.waiting.push({ data, resolve, reject, retried: false })));
    this.updateRef();
    this.socket.write(Buffer.concat(requests));
    return answers;
  }

  encode(method, path, body, headers = {}) {
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nUser-Agent: ${this.userAgent}\r\n`;
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    if (payload !== undefined) head += `Content-Length: ${payload.length}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${String(value).replace(/[\r\n]/g, ' ')}\r\n`;
    head += '\r\n';
    return payload === undefined ? Buffer.from(head, 'utf8') : Buffer.concat([Buffer.from(head, 'utf8'), payload]);
  }

  // -- responses -------------------------------------------------------------------------------------------------

  received(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      let parsed;
      try {
        parsed = parseResponse(this.buffer);
      } catch (error) {
        const waiting = this.waiting;
        this.waiting = [];
        this.drop();
        for (const w of waiting) w.reject(error);
        return;
      }
      if (parsed === undefined) return;
      this.buffer = this.buffer.subarray(parsed.used);
      if (parsed.response.status >= 100 && parsed.response.status < 200) continue; // interim
      const waiter = this.waiting.shift();
      if (parsed.close) {
        // The server closes after this answer, as it said: the rest go again on a new connection.
        const rest = this.waiting;
        this.waiting = [];
        this.drop();
        if (rest.length > 0) this.resend(rest);
      }
      this.updateRef();
      waiter?.resolve(parsed.response);
      if (parsed.close) return;
    }
  }

  drop() {
    const socket = this.socket;
    this.socket = null;
    this.buffer = Buffer.alloc(0);
    socket?.destroy();
  }

  // -- the Runtime API -------------------------------------------------------------------------------------------

  request(method, path, body, headers) {
    return this.send([this.encode(method, path, body, headers)])[0];
  }

  /** Waits for the next event (a long poll the server never times out). */
  async next() {
    return checkNext(await this.request('GET', `${API}/invocation/next`));
  }

  /** Posts a result (`/response` or `/error`) and returns the next event. Up to 1 MB, the two requests go in one
   * write; the post's answer is checked before the event is awaited. A larger result is posted alone first, so that
   * a refused one is reported before the runtime is parked (and so frozen). */
  async postThenNext(path, body, headers, onPosted = () => {}) {
    const size = Buffer.byteLength(body);
    if (size > PIPELINED_RESULT_MAX) {
      await this.post(path, body, headers);
      onPosted();
      return this.next();
    }
    const [posted, next] = this.send([
      this.encode('POST', path, body, headers),
      this.encode('GET', `${API}/invocation/next`),
    ]);
    next.catch(() => {}); // reported below, once the post's answer has been checked
    checkPost(path, await posted);
    onPosted();
    return checkNext(await next);
  }

  responseThenNext(requestId, body, invocationId, onPosted) {
    const path = `${API}/invocation/${requestId}/response`;
    return this.postThenNext(path, body, resultHeaders(invocationId), onPosted);
  }

  errorThenNext(requestId, error, invocationId, onPosted) {
    const headers = resultHeaders(invocationId, error.errorType);
    return this.postThenNext(`${API}/invocation/${requestId}/error`, JSON.stringify(error), headers, onPosted);
  }

  postError(requestId, error, invocationId) {
    const headers = resultHeaders(invocationId, error.errorType);
    return this.post(`${API}/invocation/${requestId}/error`, JSON.stringify(error), headers);
  }

  postInitError(error) {
    const headers = { 'Content-Type': 'application/json', [ERROR_TYPE_HEADER]: headerSafe(error.errorType) };
    return this.post(`${API}/init/error`, JSON.stringify(error), headers);
  }

  /** Begins a `/response` in streaming mode: sends its head now and returns { write(bytes), end(error?), ended }.
   * `write` resolves when the chunk is handed to the socket; `end` sends the last chunk (with the error trailers when
   * given `{errorType, ...}`) and resolves once the post is answered (and accepted: see `post`). Nothing else is in
   * flight on the connection meanwhile (the event was answered; the next `/next` waits for the end). */
  beginStream(requestId, invocationId, contentType) {
    const path = `${API}/invocation/${requestId}/response`;
    if (!this.socket) this.connect();
    const socket = this.socket;
    let head = `POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nUser-Agent: ${this.userAgent}\r\n`
      + `Content-Type: ${headerSafe(contentType)}\r\n${RESPONSE_MODE_HEADER}: streaming\r\n`
      + `Transfer-Encoding: chunked\r\nTrailer: ${ERROR_TYPE_HEADER}, ${ERROR_BODY_HEADER}\r\n`;
    if (invocationId) head += `${INVOCATION_ID_HEADER}: ${invocationId}\r\n`;
    // Never sent again on a new connection (`retried`): half a stream cannot be replayed.
    const answer = new Promise((resolve, reject) => this.waiting.push({ data: Buffer.alloc(0), resolve, reject, retried: true }));
    answer.catch(() => {});
    this.updateRef();
    const written = (data) => new Promise((resolve, reject) => {
      if (this.socket !== socket) {
        reject(new Error('connection closed by the Runtime API'));
        return;
      }
      socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
    socket.write(`${head}\r\n`);
    const sender = {
      ended: false,
      write: (bytes) => written(Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, CRLF])),
      end: async (error) => {
        if (sender.ended) return answer;
        sender.ended = true;
        let last = '0\r\n';
        if (error !== undefined) {
          const body = Buffer.from(JSON.stringify(error), 'utf8').toString('base64');
          last += `${ERROR_TYPE_HEADER}: ${headerSafe(error.errorType)}\r\n${ERROR_BODY_HEADER}: ${body}\r\n`;
        }
        await written(`${last}\r\n`);
        const res = await answer;
        checkPost(path, res);
        return res;
      },
    };
    return sender;
  }

  /** A post the server must accept (202); a stale invocation (410) is survivable, anything else is fatal. */
  async post(path, body, headers) {
    checkPost(path, await this.request('POST', path, body, headers));
  }
}

function resultHeaders(invocationId, errorType) {
  const headers = { 'Content-Type': 'application/json' };
  if (errorType !== undefined) headers[ERROR_TYPE_HEADER] = headerSafe(errorType);
  if (invocationId) headers[INVOCATION_ID_HEADER] = invocationId;
  return headers;
}

function checkNext(res) {
  if (res.status !== 200) {
    throw new Error(`GET /runtime/invocation/next answered HTTP ${res.status}: ${res.body.toString()}`);
  }
  return res;
}

function checkPost(path, res) {
  if (res.status >= 200 && res.status < 300) return;
  const detail = res.body.toString().slice(0, 1000);
  if (res.status === 410) {
    process.stderr.write(`[WARN] LAMBDA_RUNTIME POST ${path}: the invocation is no longer current. ${detail}\n`);
    return;
  }
  throw new Error(`POST ${path} answered HTTP ${res.status}: ${detail}`);
}

/** One complete response at the start of `buffer` ({ response, used, close }), or undefined until it has arrived.
 * Bodies are framed by Content-Length or chunked coding (what Lamb's Runtime API and HTTP servers send). */
function parseResponse(buffer) {
  const headEnd = buffer.indexOf(CRLF2);
  if (headEnd < 0) return undefined;
  const lines = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  if (!lines[0].startsWith('HTTP/') || !Number.isInteger(status)) {
    throw new Error(`malformed HTTP status line from the Runtime API: ${lines[0]}`);
  }
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      // Header values are UTF-8 (a client context may hold any text).
      headers[name] ??= Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    }
  }
  const close = (headers.connection ?? '').toLowerCase().includes('close');
  let at = headEnd + 4;
  let body;
  if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
    const parts = [];
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1').split(';')[0], 16);
      if (Number.isNaN(size)) throw new Error('malformed chunked body from the Runtime API');
      at = lineEnd + 2;
      if (size === 0) {
        // Trailers, up to an empty line.
        for (;;) {
          const end = buffer.indexOf('\r\n', at);
          if (end < 0) return undefined;
          const empty = end === at;
          at = end + 2;
          if (empty) break;
        }
        break;
      }
      if (buffer.length < at + size + 2) return undefined;
      parts.push(buffer.subarray(at, at + size));
      at += size + 2;
    }
    body = Buffer.concat(parts);
  } else {
    const length = Number(headers['content-length'] ?? 0);
    if (buffer.length < at + length) return undefined;
    body = Buffer.from(buffer.subarray(at, at + length));
    at += length;
  }
  return { response: { status, headers, body }, used: at, close };
}

/** Header values must be visible ASCII. */
function headerSafe(value) {
  return String(value ?? 'Unknown').replace(/[^\x20-\x7e]/g, '?');
}
