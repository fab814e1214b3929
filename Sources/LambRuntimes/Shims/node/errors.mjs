// Errors as Lambda's Node.js runtime reports them: the JSON posted to the Runtime API (and returned to the caller)
// carries `trace`; the JSON written to the log carries `stack`.
import util from 'node:util';

/** A failure of the runtime itself (loading the handler, marshalling), with a Lambda error type as its name. */
export class RuntimeError extends Error {
  constructor(type, message, cause) {
    super(message);
    this.name = type;
    if (cause?.stack) this.stack = `${type}: ${message}\n${stackFrames(cause.stack)}`;
  }
}

function stackFrames(stack) {
  return String(stack).split('\n').filter((line) => line.startsWith('    at ')).join('\n');
}

function isError(value) {
  return util.types.isNativeError(value) || value instanceof Error
    || (value !== null && typeof value === 'object' && typeof value.name === 'string'
      && typeof value.message === 'string' && typeof value.stack === 'string');
}

/** `{errorType, errorMessage, trace}` for whatever a function threw, rejected with or passed to its callback. */
export function errorResponse(value) {
  try {
    if (isError(value)) {
      return {
        errorType: String(value.name),
        errorMessage: String(value.message),
        trace: String(value.stack ?? '').split('\n'),
      };
    }
    return { errorType: typeof value, errorMessage: String(value), trace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: 'the error could not be read (its name, message or stack threw)' };
  }
}

/** The tab-prefixed JSON that follows "Invoke Error" or "Uncaught Exception" in the log. */
export function logFormatted(value) {
  const { errorType, errorMessage, trace } = errorResponse(value);
  try {
    return `\t${JSON.stringify({ errorType, errorMessage, stack: trace ?? [] })}`;
  } catch {
    return `\t${JSON.stringify({ errorType: 'Error', errorMessage: 'the error could not be formatted' })}`;
  }
}
