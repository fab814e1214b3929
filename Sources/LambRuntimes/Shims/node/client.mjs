// The Runtime API client of Lamb's Node.js bootstrap: HTTP/1.1 over one keep-alive connection to
// $AWS_LAMBDA_RUNTIME_API (host:port, no scheme).
import http from 'node:http';

const API = '/2018-06-01/runtime';
const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
const INVOCATION_ID_HEADER = 'Lambda-Runtime-Invocation-Id';

export class RuntimeClient {
  constructor(address) {
    const colon = address.lastIndexOf(':');
    this.host = address.slice(0, colon);
    this.port = Number(address.slice(colon + 1));
    // One socket, kept between requests. Node unrefs an idle kept-alive socket, so the connection alone never
    // keeps the event loop alive: "the event loop is empty" keeps meaning "the function has nothing pending".
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const options = { host: this.host, port: this.port, method, path, agent: this.agent, headers: { ...headers } };
      if (body !== undefined) options.headers['Content-Length'] = Buffer.byteLength(body);
      const req = http.request(options, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Waits for the next event (a long poll the server never times out). */
  async next() {
    const res = await this.request('GET', `${API}/invocation/next`);
    if (res.status !== 200) {
      throw new Error(`GET /runtime/invocation/next answered HTTP ${res.status}: ${res.body.toString()}`);
    }
    return res;
  }

  postResponse(requestId, body, invocationId) {
    const headers = { 'Content-Type': 'application/json' };
    if (invocationId) headers[INVOCATION_ID_HEADER] = invocationId;
    return this.post(`${API}/invocation/${requestId}/response`, body, headers);
  }

  postError(requestId, error, invocationId) {
    const headers = { 'Content-Type': 'application/json', [ERROR_TYPE_HEADER]: headerSafe(error.errorType) };
    if (invocationId) headers[INVOCATION_ID_HEADER] = invocationId;
    return this.post(`${API}/invocation/${requestId}/error`, JSON.stringify(error), headers);
  }

  postInitError(error) {
    const headers = { 'Content-Type': 'application/json', [ERROR_TYPE_HEADER]: headerSafe(error.errorType) };
    return this.post(`${API}/init/error`, JSON.stringify(error), headers);
  }

  /** A post the server must accept (202); a stale invocation (410) is survivable, anything else is fatal. */
  async post(path, body, headers) {
    const res = await this.request('POST', path, body, headers);
    if (res.status >= 200 && res.status < 300) return;
    const detail = res.body.toString().slice(0, 1000);
    if (res.status === 410) {
      process.stderr.write(`[WARN] LAMBDA_RUNTIME POST ${path}: the invocation is no longer current. ${detail}\n`);
      return;
    }
    throw new Error(`POST ${path} answered HTTP ${res.status}: ${detail}`);
  }
}

/** Header values must be visible ASCII. */
function headerSafe(value) {
  return String(value ?? 'Unknown').replace(/[^\x20-\x7e]/g, '?');
}
