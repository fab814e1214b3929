// console.* in Lambda's log format. Text: `<ISO time>\t<request id>\t<LEVEL>\t<message>`, one line per call (line
// breaks inside a message become carriage returns so a record stays one line). JSON (AWS_LAMBDA_LOG_FORMAT=JSON):
// one object per call, filtered by AWS_LAMBDA_LOG_LEVEL. Raw process.stdout writes are left alone.
import util from 'node:util';

const LEVELS = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };
const json = (process.env.AWS_LAMBDA_LOG_FORMAT ?? '').toUpperCase() === 'JSON';
const minimum = json ? LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase()] ?? 0 : 0;

let requestId;
let tenantId;

/** The invocation log lines are attributed to (`undefined` during init, as on Lambda). */
export function setInvocation(id, tenant) {
  requestId = id;
  tenantId = tenant;
}

function write(level, args) {
  if (LEVELS[level] < minimum) return;
  const time = new Date().toISOString();
  if (!json) {
    const line = `${time}\t${requestId}\t${level}\t${util.format(...args)}`;
    process.stdout.write(line.replace(/\n/g, '\r') + '\n');
    return;
  }
  const record = { timestamp: time, level, requestId };
  if (tenantId !== undefined) record.tenantId = tenantId;
  const [first] = args;
  if (args.length === 1 && first instanceof Error) {
    record.message = first.message;
    record.errorType = first.name;
    record.errorMessage = first.message;
    record.stackTrace = String(first.stack ?? '').split('\n');
  } else {
    record.message = args.length === 1 && typeof first === 'object' && first !== null ? first : util.format(...args);
  }
  let text;
  try {
    text = JSON.stringify(record);
  } catch {
    record.message = util.format(...args);
    text = JSON.stringify(record);
  }
  process.stdout.write(text + '\n');
}

/** Replaces console's printing methods (not the others: console.table, console.dir keep Node's behaviour). */
export function patchConsole() {
  console.log = (...args) => write('INFO', args);
  console.info = (...args) => write('INFO', args);
  console.debug = (...args) => write('DEBUG', args);
  console.warn = (...args) => write('WARN', args);
  console.error = (...args) => write('ERROR', args);
  console.trace = (...args) => write('TRACE', args);
  console.fatal = (...args) => write('FATAL', args);
}

/** A line about the runtime itself (not the function's), on stderr. */
export function runtimeMessage(text) {
  process.stderr.write(`[ERROR] [${Date.now()}] LAMBDA_RUNTIME ${String(text).replace(/\n/g, ' ')}\n`);
}
