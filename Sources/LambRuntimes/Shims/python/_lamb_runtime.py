"""Lamb's Python runtime: the Lambda Runtime API client loop behind lamb_bootstrap.py.

Behaves, as seen by function code and by the Runtime API server, like AWS's managed Python runtime
(awslambdaric 4.x): same sys.path order, handler loading and init errors, event/context objects,
response and error JSON, log line formats and error types.

Start-up cost is kept low on purpose: only builtin modules (sys, os, time, _signal) are imported up
front. The HTTP client talks HTTP/1.1 over one keep-alive `_socket` connection; JSON goes straight
through the `_json` accelerator (no `json`/`re` import); `logging` is configured only when something
imports it (an import hook attaches the Lambda handler to the root logger at that moment);
`traceback` is imported only when an error has to be reported.

Sections: streams and sys.path / JSON / Runtime API client / context / errors and log lines /
logging integration / handler loading / invoke / SnapStart hook point / main.
"""

import os
import sys
import time

API = "/2018-06-01/runtime"

# Error types (awslambdaric's FaultException constants).
MARSHAL_ERROR = "Runtime.MarshalError"
UNMARSHAL_ERROR = "Runtime.UnmarshalError"
USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
BEFORE_SNAPSHOT_ERROR = "Runtime.BeforeSnapshotError"
AFTER_RESTORE_ERROR = "Runtime.AfterRestoreError"
LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
XRAY_CAUSE_HEADER = "Lambda-Runtime-Function-XRay-Error-Cause"
INVOCATION_ID_HEADER = "Lambda-Runtime-Invocation-Id"
MAX_XRAY_CAUSE = 1024 * 1024

UNHANDLED_INIT_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. "
    "The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, "
    "or can be applied automatically. "
    "To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. "
    "If this error correlates with a change in the runtime version, you may be able to mitigate this "
    "error by temporarily rolling back to the previous runtime version. "
    "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)

# The request id / tenant id of the invoke in progress (read by the log handler).
current_request_id = None
current_tenant_id = None

_env = os.environ
_LOG_JSON = (_env.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
_LOG_LEVEL = {None: "", "TRACE": "DEBUG"}.get(
    _env.get("AWS_LAMBDA_LOG_LEVEL"), _env.get("AWS_LAMBDA_LOG_LEVEL")
).upper()
# awslambdaric writes non-ASCII characters unescaped only on the python3.12+ managed runtimes.
_ENSURE_ASCII = _env.get("AWS_EXECUTION_ENV") not in (
    "AWS_Lambda_python3.12",
    "AWS_Lambda_python3.13",
    "AWS_Lambda_python3.14",
    "AWS_Lambda_python3.15",
)
_RUNTIME_FILES = ("/_lamb_runtime.py", "/lamb_bootstrap.py")


# ---------------------------------------------------------------------------------------------
# Streams and sys.path
# ---------------------------------------------------------------------------------------------


class _FlushingStream(object):
    """Wraps sys.stdout/sys.stderr so every write reaches the pipe at once (as awslambdaric does)."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, exc_tb):
        pass

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def write(self, data):
        n = self.stream.write(data)
        self.stream.flush()
        return n

    def writelines(self, lines):
        self.stream.writelines(lines)
        self.stream.flush()


def _wrap_std_streams():
    if sys.stdout is not None and not isinstance(sys.stdout, _FlushingStream):
        sys.stdout = _FlushingStream(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, _FlushingStream):
        sys.stderr = _FlushingStream(sys.stderr)


def _setup_sys_path(shim_dir):
    """Task root first, then the layer directories, then the interpreter's own entries.

    The layers are at /opt, or (plain-process sandbox) wherever LAMB_OPT_DIR says Lamb merged them.
    """
    task_root = _env.get("LAMBDA_TASK_ROOT") or os.getcwd()
    opt = _env.get("LAMB_OPT_DIR") or "/opt"
    version = "python%d.%d" % sys.version_info[:2]
    front = [task_root, opt + "/python/lib/" + version + "/site-packages", opt + "/python"]
    drop = set(front)
    rest = []
    for entry in sys.path:
        # shim_dir is symlink-free; entries may not be (Lamb may start us through a link)
        if entry in drop or (entry and os.path.realpath(entry) == shim_dir):
            continue
        rest.append(entry)
    # Modules the runtime provides to functions (snapshot_restore_py), last so a bundled copy wins.
    sys.path[:] = front + rest + [shim_dir + "/runtime-packages"]


# ---------------------------------------------------------------------------------------------
# JSON: simplejson-compatible (as awslambdaric uses it) on top of the _json C accelerator
# ---------------------------------------------------------------------------------------------

_scan_once = None
_response_encoder = None
_DEC_MARK = "\x00lamb-raw-decimal\x00"
_DEC_MARK_ENCODED = '"\\u0000lamb-raw-decimal\\u0000'


class _ScanContext(object):
    """The attributes the _json scanner reads from a decoder object."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int

    def __init__(self):
        inf = float("inf")
        self.parse_constant = {"NaN": float("nan"), "Infinity": inf, "-Infinity": -inf}.__getitem__
        self.memo = {}


def _make_scan_once():
    try:
        from _json import make_scanner

        return make_scanner(_ScanContext())
    except Exception:
        from json import decoder, scanner

        return scanner.make_scanner(decoder.JSONDecoder())


def _json_error(msg, doc, pos, end=None):
    def linecol(p):
        line = doc.count("\n", 0, p) + 1
        col = p + 1 if line == 1 else p - doc.rindex("\n", 0, p)
        return line, col

    line, col = linecol(pos)
    if end is None:
        return ValueError("%s: line %d column %d (char %d)" % (msg, line, col, pos))
    eline, ecol = linecol(end)
    return ValueError(
        "%s: line %d column %d - line %d column %d (char %d - %d)"
        % (msg, line, col, eline, ecol, pos, end)
    )


def json_loads(data):
    """Decode a JSON document (bytes are UTF-8; a leading BOM is skipped, like simplejson)."""
    global _scan_once
    s = data if isinstance(data, str) else data.decode("utf-8")
    if _scan_once is None:
        _scan_once = _make_scan_once()
    n = len(s)
    i = 0
    if n and s[0] == "\ufeff":
        i = 1
    while i < n and s[i] in " \t\n\r":
        i += 1
    try:
        try:
            obj, end = _scan_once(s, i)
        except (StopIteration, RecursionError, MemoryError):
            raise
        except Exception:
            # Some _json versions only raise a proper error once json.decoder has been imported
            # (otherwise: SystemError). Errors are rare: import it and scan again for the message.
            import json.decoder  # noqa: F401

            obj, end = _scan_once(s, i)
    except StopIteration as e:
        raise _json_error("Expecting value", s, e.value)
    while end < n and s[end] in " \t\n\r":
        end += 1
    if end != n:
        raise _json_error("Extra data", s, end, n)
    return obj


def _make_encoder(ensure_ascii, default):
    """Returns encode(obj) -> str with json.dumps' default separators, allow_nan=True."""
    try:
        import _json

        basestring = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
        make = _json.make_encoder

        def encode(obj):
            return "".join(make({}, default, basestring, None, ": ", ", ", False, False, True)(obj, 0))

        if encode([1.5, "\u00e9", {"k": None}]) != (
            '[1.5, "\\u00e9", {"k": null}]' if ensure_ascii else '[1.5, "\u00e9", {"k": null}]'
        ):
            raise ValueError("unexpected _json behaviour")
        return encode
    except Exception:
        import json

        return json.JSONEncoder(ensure_ascii=ensure_ascii, allow_nan=True, default=default).encode


class _EncodeState(object):
    saw_decimal = False


def _default(obj):
    """What simplejson (as configured by awslambdaric) does with types json cannot encode itself."""
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(obj, decimal.Decimal):
        if obj.is_nan():
            return float("nan")
        _EncodeState.saw_decimal = True
        return _DEC_MARK + str(obj)  # replaced by the raw number after encoding
    if isinstance(obj, bytes):
        return obj.decode("utf-8")
    raise TypeError("Object of type %s is not JSON serializable" % obj.__class__.__name__)


def _unmark_decimals(text):
    parts = text.split(_DEC_MARK_ENCODED)
    out = [parts[0]]
    for part in parts[1:]:
        q = part.index('"')
        out.append(part[:q])
        out.append(part[q + 1 :])
    return "".join(out)


def to_json(obj):
    global _response_encoder
    if _response_encoder is None:
        _response_encoder = _make_encoder(_ENSURE_ASCII, _default)
    _EncodeState.saw_decimal = False
    text = _response_encoder(obj)
    if _EncodeState.saw_decimal:
        text = _unmark_decimals(text)
    return text


# ---------------------------------------------------------------------------------------------
# Runtime API client: HTTP/1.1 over one persistent _socket connection
# ---------------------------------------------------------------------------------------------


class RuntimeAPIError(Exception):
    pass


class _ConnectionLost(Exception):
    pass


class RuntimeClient(object):
    def __init__(self, address):
        self.address = address
        host, port = address, 80
        if address.startswith("["):
            close = address.find("]")
            host = address[1:close]
            if address[close + 1 : close + 2] == ":":
                port = int(address[close + 2 :])
        elif address.count(":") == 1:
            host, _, p = address.partition(":")
            port = int(p)
        self.host, self.port = host, port
        self.sock = None
        self.buf = b""
        self.pos = 0
        self.got_bytes = False
        self.user_agent = "aws-lambda-python/%d.%d.%d-lamb" % sys.version_info[:3]

    # -- connection ---------------------------------------------------------------------------
    def _connect(self):
        import _socket

        error = None
        try:
            host = self.host.encode("ascii")  # a str host would make getaddrinfo import the idna codec
        except UnicodeEncodeError:
            host = self.host
        for family, socktype, proto, _, sockaddr in _socket.getaddrinfo(
            host, self.port, 0, _socket.SOCK_STREAM
        ):
            sock = _socket.socket(family, socktype, proto)
            try:
                sock.connect(sockaddr)
            except OSError as e:
                sock.close()
                error = e
                continue
            if family != getattr(_socket, "AF_UNIX", -1):
                sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            self.sock, self.buf, self.pos = sock, b"", 0
            return
        raise error or OSError("cannot resolve %s" % self.address)

    def _close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock, self.buf, self.pos = None, b"", 0

    # -- reading ------------------------------------------------------------------------------
    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise _ConnectionLost("connection closed by the Runtime API")
        self.got_bytes = True
        if self.pos >= len(self.buf):
            self.buf = data
        else:
            self.buf = self.buf[self.pos :] + data
        self.pos = 0

    def _read_until(self, marker, limit):
        while True:
            i = self.buf.find(marker, self.pos)
            if i >= 0:
                data = self.buf[self.pos : i]
                self.pos = i + len(marker)
                return data
            if len(self.buf) - self.pos > limit:
                raise RuntimeAPIError("malformed HTTP response from the Runtime API")
            self._fill()

    def _read_exact(self, n):
        avail = len(self.buf) - self.pos
        if avail >= n:
            start = self.pos
            self.pos = start + n
            return self.buf[start : start + n]
        out = bytearray(n)
        view = memoryview(out)
        view[:avail] = memoryview(self.buf)[self.pos :]
        self.buf, self.pos = b"", 0
        have = avail
        while have < n:
            k = self.sock.recv_into(view[have:])
            if not k:
                raise _ConnectionLost("connection closed by the Runtime API")
            self.got_bytes = True
            have += k
        view.release()
        return bytes(out)

    def _read_chunked(self):
        out = bytearray()
        while True:
            line = self._read_until(b"\r\n", 4096)
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self._read_until(b"\r\n", 65536):  # trailers
                    pass
                return bytes(out)
            out += self._read_exact(size)
            if self._read_until(b"\r\n", 16):
                raise RuntimeAPIError("malformed chunked body from the Runtime API")

    def _read_to_close(self):
        parts = [self.buf[self.pos :]]
        self.buf, self.pos = b"", 0
        while True:
            data = self.sock.recv(65536)
            if not data:
                return b"".join(parts)
            parts.append(data)

    def _read_response(self):
        while True:
            head = self._read_until(b"\r\n\r\n", 1 << 20).decode("utf-8", "replace")
            lines = head.split("\r\n")
            status_line = lines[0].split(None, 2)
            if len(status_line) < 2 or not status_line[0].startswith("HTTP/"):
                raise RuntimeAPIError("malformed HTTP status line from the Runtime API: %r" % lines[0])
            status = int(status_line[1])
            headers = {}
            for line in lines[1:]:
                name, sep, value = line.partition(":")
                if sep:
                    headers[name.strip().lower()] = value.strip()
            if 100 <= status < 200:
                continue  # interim response
            break
        conn = headers.get("connection", "").lower()
        close = "close" in conn or (status_line[0] == "HTTP/1.0" and "keep-alive" not in conn)
        if status in (204, 304):
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._read_chunked()
        elif "content-length" in headers:
            body = self._read_exact(int(headers["content-length"]))
        else:
            body = self._read_to_close()
            close = True
        return status, headers, body, close

    # -- requests -----------------------------------------------------------------------------
    def _encode(self, method, path, body=None, headers=()):
        head = "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n" % (
            method,
            path,
            self.address,
            self.user_agent,
        )
        if body is not None:
            head += "Content-Length: %d\r\n" % len(body)
        for name, value in headers:
            head += "%s: %s\r\n" % (name, value.replace("\r", " ").replace("\n", " "))
        data = (head + "\r\n").encode("utf-8")
        if body and len(body) <= 65536:
            data, body = data + body, None
        return data, body

    def request(self, method, path, body=None, headers=()):
        return self._exchange([self._encode(method, path, body, headers)])[0]

    def _exchange(self, requests, retried=False, on_answer=None):
        """Sends `requests` (encoded) back to back on one connection, then reads one response each, calling
        `on_answer(response)` as each arrives (it may end the process before the next answer is awaited)."""
        reused = self.sock is not None
        if not reused:
            self._connect()
        self.got_bytes = False
        responses = []
        try:
            # Requests without a separate (large) body go out in one write: two writes would reach Lamb as two
            # segments, read and answered one at a time (an extra wake-up on each side per invocation).
            if all(body is None for _, body in requests):
                self.sock.sendall(b"".join(data for data, _ in requests))
            else:
                for data, body in requests:
                    self.sock.sendall(data)
                    if body:
                        self.sock.sendall(body)
            for _ in requests:
                status, rheaders, rbody, close = self._read_response()
                responses.append((status, rheaders, rbody))
                self.got_bytes = False
                if on_answer is not None:
                    on_answer(responses[-1])
                if close:
                    self._close()
                    break
        except (OSError, _ConnectionLost):
            self._close()
            # No byte of the awaited answer came: the server had dropped the kept-alive connection. What it answered
            # stays answered; the rest is sent again, once, on a new connection.
            if (reused or responses) and not self.got_bytes and not retried:
                return responses + self._exchange(requests[len(responses) :], True, on_answer)
            raise
        if len(responses) < len(requests):
            # The server closed after an earlier answer, as it said it would; the rest go on a new connection.
            return responses + self._exchange(requests[len(responses) :], False, on_answer)
        return responses

    def post_then_next(self, path, body, content_type, headers=(), check_post=None):
        """POSTs a result and asks for the next event in one write (HTTP/1.1 pipelining): the runtime is parked on
        /next one round trip sooner, and Lamb reads both requests at once. `check_post(status, body)` sees the POST's
        answer before the next event is awaited."""
        hdrs = [("Content-Type", content_type)]
        hdrs.extend(headers)
        requests = [self._encode("POST", path, body, hdrs), self._encode("GET", API + "/invocation/next")]
        answered = []

        def on_answer(response):
            answered.append(response)
            if len(answered) == 1 and check_post is not None:
                check_post(response[0], response[2])

        return self._exchange(requests, on_answer=on_answer)[1]

    def next_invocation(self):
        return self._check_next(self.request("GET", API + "/invocation/next"))

    @staticmethod
    def _check_next(answer):
        status, headers, body = answer
        if status != 200:
            raise RuntimeAPIError(
                "Failed to get next invocation. Http Response code: %d. %s"
                % (status, body[:1000].decode("utf-8", "replace"))
            )
        return headers, body

    def restore_next(self, headers=()):
        status, _, body = self.request("GET", API + "/restore/next", None, headers)
        if status != 200:
            raise RuntimeAPIError(
                "Request to Lambda Runtime '%s/restore/next' endpoint failed. Reason: '%d'. "
                "Response body: '%s'" % (API, status, body[:1000].decode("utf-8", "replace"))
            )
        return body

    def post(self, path, body, content_type, headers=()):
        hdrs = [("Content-Type", content_type)]
        hdrs.extend(headers)
        status, _, rbody = self.request("POST", path, body, hdrs)
        return status, rbody


# ---------------------------------------------------------------------------------------------
# The context object (attribute names, types and repr as in awslambdaric)
# ---------------------------------------------------------------------------------------------

_W3C_FIELDS = ("traceparent", "tracestate", "baggage")


_CONTEXT_ENVIRONMENT = None


def _context_environment():
    """The environment variables every context copies, read once: os.environ encodes the name and decodes the value
    on each read, which made them a large share of a warm invocation's own work. Read at the first invocation, so a
    restored SnapStart environment sees its own values, not its template's."""
    global _CONTEXT_ENVIRONMENT
    if _CONTEXT_ENVIRONMENT is None:
        _CONTEXT_ENVIRONMENT = tuple(
            _env.get(name)
            for name in (
                "AWS_LAMBDA_LOG_GROUP_NAME",
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "AWS_LAMBDA_FUNCTION_NAME",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_VERSION",
            )
        )
    return _CONTEXT_ENVIRONMENT


class LambdaContext(object):
    def __init__(
        self,
        invoke_id,
        client_context,
        cognito_identity,
        epoch_deadline_time_in_ms,
        invoked_function_arn=None,
        tenant_id=None,
    ):
        self.aws_request_id = invoke_id
        (
            self.log_group_name,
            self.log_stream_name,
            self.function_name,
            self.memory_limit_in_mb,
            self.function_version,
        ) = _context_environment()
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id

        w3c = {}
        if isinstance(client_context, dict) and "w3c" in client_context:
            raw = client_context.pop("w3c")
            if isinstance(raw, dict):
                for key in _W3C_FIELDS:
                    if isinstance(raw.get(key), str):
                        w3c[key] = raw[key]
        self._w3c_fields = w3c

        self.client_context = _obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _obj_from_dict(Client, self.client_context.client)

        self.identity = _obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")

        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        remaining = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def w3c(self):
        """The W3C trace-context fields (traceparent, tracestate, baggage) of this invoke."""
        return dict(self._w3c_fields)

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            "%s([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,"
            "memory_limit_in_mb=%s,function_version=%s,invoked_function_arn=%s,client_context=%s,"
            "identity=%s,tenant_id=%s])"
            % (
                self.__class__.__name__,
                self.aws_request_id,
                self.log_group_name,
                self.log_stream_name,
                self.function_name,
                self.memory_limit_in_mb,
                self.function_version,
                self.invoked_function_arn,
                self.client_context,
                self.identity,
                self.tenant_id,
            )
        )


def _slots_repr(obj):
    return "%s([%s])" % (
        obj.__class__.__name__,
        ",".join("%s=%s" % (name, getattr(obj, name)) for name in obj.__slots__),
    )


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]
    __repr__ = _slots_repr


class Client(object):
    __slots__ = [
        "installation_id",
        "app_title",
        "app_version_name",
        "app_version_code",
        "app_package_name",
    ]
    __repr__ = _slots_repr


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]
    __repr__ = _slots_repr


def _obj_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for name in cls.__slots__:
        setattr(obj, name, values.get(name, None))
    return obj


# ---------------------------------------------------------------------------------------------
# Errors: error JSON, X-Ray cause, and the [ERROR] log record
# ---------------------------------------------------------------------------------------------


class Fault(Exception):
    def __init__(self, error_type, msg, trace=None):
        Exception.__init__(self, msg)
        self.error_type = error_type
        self.msg = msg
        self.trace = trace


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _frames(tb):
    """(file, line, function, text) of tb, minus the leading frames of the runtime itself."""
    import traceback

    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i, frame in enumerate(frames):
        name = frame[0]
        if not (name.endswith(_RUNTIME_FILES) or "/bootstrap.py" in name):
            return frames[i:]
    return frames


def _format_frames(frames):
    import traceback

    return traceback.format_list(frames)


def fault_result(exc_info, request_id=None):
    etype, value, tb = exc_info
    frames = _frames(tb)
    return make_error(str(value), etype.__name__, _format_frames(frames), request_id), frames


def xray_cause(error_type, message, frames):
    stack, paths = [], []
    for filename, lineno, name, _ in frames:
        stack.append({"label": name, "path": filename, "line": lineno})
        if filename not in paths:
            paths.append(filename)
    return {
        "working_directory": os.getcwd(),
        "exceptions": [{"message": message, "type": error_type, "stack": stack}],
        "paths": paths,
    }


def log_error(error):
    """Writes an error the way awslambdaric's log sink does (one record, lines joined by CR)."""
    if _LOG_JSON:
        record = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "level": "ERROR"}
        record.update(error)
        sys.stdout.write(to_json(record) + "\n")
        return
    description = "[ERROR]"
    error_type = error.get("errorType")
    message = error.get("errorMessage")
    if error_type:
        description += " " + error_type
    if message:
        if error_type:
            description += ":"
        description += " " + message
    lines = [description]
    stack = error.get("stackTrace")
    if stack is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")


def _runtime_message(text):
    """A runtime-level problem (not the function's): one clear line on stderr."""
    sys.stderr.write(
        "[ERROR] [%d] LAMBDA_RUNTIME %s\n" % (int(time.time() * 1000), text.replace("\n", " "))
    )


# ---------------------------------------------------------------------------------------------
# Logging: the root logger gets awslambdaric's handler as soon as `logging` is imported
# ---------------------------------------------------------------------------------------------

_LOG_RESERVED_FIELDS = frozenset(
    (
        "name",
        "msg",
        "args",
        "levelname",
        "levelno",
        "pathname",
        "filename",
        "module",
        "exc_info",
        "exc_text",
        "stack_info",
        "lineno",
        "funcName",
        "created",
        "msecs",
        "relativeCreated",
        "thread",
        "threadName",
        "processName",
        "process",
        "aws_request_id",
        "tenant_id",
        "_frame_type",
    )
)


def _configure_logging(logging):
    logging.Formatter.converter = time.gmtime
    root = logging.getLogger()

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = current_request_id or ""
            record.tenant_id = current_tenant_id
            return True

    class LambdaLoggerHandler(logging.Handler):
        def emit(self, record):
            sys.stdout.write(self.format(record))

    handler = LambdaLoggerHandler()
    if _LOG_JSON:
        handler.setFormatter(_json_formatter(logging)())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    names = getattr(logging, "_nameToLevel", None) or {}
    if _LOG_LEVEL in names:
        root.setLevel(_LOG_LEVEL)
    handler.addFilter(LambdaLoggerFilter())
    root.addHandler(handler)


def _json_formatter(logging):
    encode = _make_encoder(False, str)

    class JsonFormatter(logging.Formatter):
        def __init__(self):
            logging.Formatter.__init__(self, datefmt="%Y-%m-%dT%H:%M:%SZ")

        def format(self, record):
            record.levelno = min(50, max(0, record.levelno)) // 10 * 10
            record.levelname = logging.getLevelName(record.levelno)
            exc = record.exc_info
            if exc:
                import traceback

            result = {
                "timestamp": self.formatTime(record, self.datefmt),
                "level": record.levelname,
                "message": record.msg
                if isinstance(record.msg, dict) and not record.args
                else record.getMessage(),
                "logger": record.name,
                "stackTrace": traceback.format_tb(exc[2]) if exc else None,
                "errorType": exc[0].__name__ if exc else None,
                "errorMessage": str(exc[1]) if exc else None,
                "requestId": getattr(record, "aws_request_id", None),
                "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno)
                if exc
                else None,
            }
            if getattr(record, "tenant_id", None) is not None:
                result["tenantId"] = record.tenant_id
            for key, value in record.__dict__.items():
                if key not in _LOG_RESERVED_FIELDS and key not in result:
                    result[key] = value
            return encode(dict((k, v) for k, v in result.items() if v is not None)) + "\n"

    return JsonFormatter


class _LoggingImportHook(object):
    """sys.meta_path finder: when `logging` is first loaded, configure it right after it executes.

    Importing logging costs several milliseconds; most tiny handlers never use it, and anything
    that does use it imports it first, so the root logger is set up before any record is emitted.
    """

    def find_spec(self, name, path=None, target=None):
        if name != "logging":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ConfiguringLoader(spec.loader, self)
                return spec
        return None

    def invalidate_caches(self):
        pass


class _ConfiguringLoader(object):
    def __init__(self, loader, hook):
        self.loader = loader
        self.hook = hook

    def __getattr__(self, name):
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        try:
            sys.meta_path.remove(self.hook)
        except ValueError:
            pass
        module.__loader__ = self.loader
        if getattr(module, "__spec__", None) is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        _configure_logging(module)


def _install_logging():
    if "logging" in sys.modules:
        _configure_logging(sys.modules["logging"])
    else:
        sys.meta_path.insert(0, _LoggingImportHook())


# ---------------------------------------------------------------------------------------------
# Handler loading (init)
# ---------------------------------------------------------------------------------------------


def load_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise Fault(MALFORMED_HANDLER_NAME, "Bad handler '%s': %s" % (handler, e))

    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise Fault(
                BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module %s as a handler module" % modname,
            )
        # importlib (which imports warnings) costs about 0.5 ms of start-up, but awslambdaric loads the handler this
        # way and an init error's stack trace shows its frames: the parity tests hold Lamb to the same trace.
        import importlib

        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise Fault(IMPORT_MODULE_ERROR, "Unable to import module '%s': %s" % (modname, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault(USER_CODE_SYNTAX_ERROR, "Syntax error in module '%s': %s" % (modname, e), trace)

    try:
        return getattr(module, fname)
    except AttributeError:
        raise Fault(HANDLER_NOT_FOUND, "Handler '%s' missing on module '%s'" % (fname, modname))


def _report_init_error(client, error, error_type_header=None, path=API + "/init/error", status=1):
    """Log the init failure, post it to the Runtime API, exit."""
    if path.endswith("/init/error") and error_type_header is None:
        import logging  # configured by the import hook

        logging.warning(UNHANDLED_INIT_WARNING)
    log_error(error)
    try:
        code, body = client.post(
            path,
            to_json(error).encode("utf-8"),
            "application/json",
            [(ERROR_TYPE_HEADER, error_type_header or error["errorType"])],
        )
        if not 200 <= code < 300:
            _runtime_message(
                "POST %s answered HTTP %d: %s" % (path, code, body[:1000].decode("utf-8", "replace"))
            )
    except Exception as e:
        _runtime_message("POST %s failed: %s: %s" % (path, type(e).__name__, e))
    sys.exit(status)


# ---------------------------------------------------------------------------------------------
# Invoke
# ---------------------------------------------------------------------------------------------


def _parse_json_header(value, what):
    try:
        return json_loads(value)
    except Exception as e:
        raise Fault(LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse %s JSON: %s" % (what, e))


def _unmarshal(body, content_type):
    if content_type != "application/json":
        return body
    try:
        return json_loads(body)
    except Exception as e:
        raise Fault(UNMARSHAL_ERROR, "Unable to unmarshal input: %s" % (e,))


def _marshal(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode("utf-8"), "application/json"
    except Exception as e:
        raise Fault(MARSHAL_ERROR, "Unable to marshal response: %s" % (e,))


# Results up to this size go out together with the next /next (see RuntimeClient.post_then_next); a larger one could
# be refused (413), and the runtime must not be parked on /next, and so frozen, while it reports that and exits.
PIPELINED_RESULT_MAX = 1 << 20


def _check_post(what, status, rbody):
    """A non-2xx answer to a result POST is reported on stderr. 410 (stale invoke) is survivable."""
    if 200 <= status < 300:
        return
    detail = rbody[:1000].decode("utf-8", "replace")
    if status == 410:
        _runtime_message(
            "Failed to post handler %s response. Http response code: 410 (the invoke is no longer "
            "current; continuing). %s" % (what, detail)
        )
        return
    _runtime_message(
        "Failed to post handler %s response. Http response code: %d. %s" % (what, status, detail)
    )
    sys.exit(1)


def post_and_next(client, post):
    """Sends an invocation's result and returns the next event (headers, body)."""
    what, path, body, content_type, headers = post
    if len(body) <= PIPELINED_RESULT_MAX:
        nxt = client.post_then_next(
            path, body, content_type, headers, lambda status, rbody: _check_post(what, status, rbody)
        )
        return client._check_next(nxt)
    status, rbody = client.post(path, body, content_type, headers)
    _check_post(what, status, rbody)
    return client.next_invocation()


def handle_invoke(request_handler, headers, body):
    """Runs one invocation; returns what to POST: (what, path, body, content type, extra headers)."""
    invoke_id = headers.get("lambda-runtime-aws-request-id")
    invocation_id = headers.get("lambda-runtime-invocation-id")
    deadline = headers.get("lambda-runtime-deadline-ms", "")
    deadline = int(deadline) if deadline.isdigit() else 0
    error = None
    try:
        client_context = headers.get("lambda-runtime-client-context") or None
        if client_context is not None:
            client_context = _parse_json_header(client_context, "Client Context")
        cognito = headers.get("lambda-runtime-cognito-identity") or None
        if cognito is not None:
            cognito = _parse_json_header(cognito, "Cognito Identity")
        context = LambdaContext(
            invoke_id,
            client_context,
            cognito,
            deadline,
            headers.get("lambda-runtime-invoked-function-arn", ""),
            headers.get("lambda-runtime-aws-tenant-id") or None,
        )
        event = _unmarshal(body, headers.get("content-type") or None)
        response = request_handler(event, context)
        result, content_type = _marshal(response)
    except Fault as e:
        cause = xray_cause("LambdaValidationError", e.msg, [])
        error = make_error(e.msg, e.error_type, e.trace, invoke_id)
    except Exception:
        error, frames = fault_result(sys.exc_info(), invoke_id)
        cause = xray_cause(error["errorType"], error["errorMessage"], frames)
        del frames

    extra = []
    if invocation_id:
        extra.append((INVOCATION_ID_HEADER, invocation_id))
    if error is None:
        path = "%s/invocation/%s/response" % (API, invoke_id)
        return "success", path, result, content_type, extra
    log_error(error)
    try:
        cause_json = to_json(cause)
    except Exception:
        cause_json = ""
    if cause_json and len(cause_json.encode("utf-8")) < MAX_XRAY_CAUSE:
        extra.insert(0, (XRAY_CAUSE_HEADER, cause_json))
    path = "%s/invocation/%s/error" % (API, invoke_id)
    return "error", path, to_json(error).encode("utf-8"), "application/json", extra


# ---------------------------------------------------------------------------------------------
# SnapStart hook point (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start)
# ---------------------------------------------------------------------------------------------


def snap_start(client):
    """Runs after a successful init and before the first /next when the init type is snap-start.

    awslambdaric's protocol: before-snapshot hooks (registered through the snapshot_restore_py
    package, run in reverse order), then block on GET /runtime/restore/next while the platform
    snapshots and later restores the environment, then the after-restore hooks (in order).
    Failures: /init/error with Runtime.BeforeSnapshotError and exit 64, or /restore/error with
    Runtime.AfterRestoreError and exit 65. Only hooks of a snapshot_restore_py the function code
    imported are run (the package is not imported here).

    Lamb's snapshot is this process: each /restore/next answer that names a new Runtime API address
    asks it to fork a restored environment; the child talks to that address and serves (or, for a spare,
    first waits on the order's wake FIFO), the parent parks again at once as the template and reports
    the child's pid with its next /restore/next. An empty
    answer restores in place (one environment, as a plain awslambdaric would). Returns the client
    the caller serves with.
    """
    hooks = sys.modules.get("snapshot_restore_py")
    try:
        if hooks is not None:
            pending = list(hooks.get_before_snapshot())
            while pending:
                func, args, kwargs = pending.pop()
                func(*args, **kwargs)
    except Exception:
        error, _ = fault_result(sys.exc_info())
        _report_init_error(client, error, BEFORE_SNAPSHOT_ERROR, status=64)
    import _signal

    # What a restored child needs is imported here, once, so that each restore only forks.
    import random  # noqa: F401
    import tempfile  # noqa: F401
    import gc

    # The objects of init move to the collector's permanent generation: a restored child's collections then do not
    # walk them (writing to every object's header would copy the whole heap, page by page, into each child).
    gc.collect()
    gc.freeze()

    try:
        _libc()
    except OSError:
        pass
    # Restored children are not waited for: the kernel reaps them.
    _signal.signal(_signal.SIGCHLD, _signal.SIG_IGN)
    # The first park names this process (Lamb finds its host pid from it; see the Runtime API docs).
    report = [("Lamb-Restore-Self", str(os.getpid()))]
    while True:
        body = client.restore_next(report)
        order = json_loads(body) if body and body.strip() else {}
        if not order.get("runtimeApi"):
            break
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _signal.signal(_signal.SIGCHLD, _signal.SIG_DFL)
            client._close()
            # The child tells Lamb which process serves (itself, or the grandchild it makes in a pid namespace of
            # its own) through the FIFO the order names: the template does not wait for it, and can fork the next
            # restore while this child makes its namespaces.
            client = _become_restored(order, os.open(order["ready"], os.O_WRONLY))
            break
        report = [("Lamb-Restore-Id", order.get("id", "")), ("Lamb-Restore-Pid", str(pid))]
    try:
        if hooks is not None:
            for func, args, kwargs in hooks.get_after_restore():
                func(*args, **kwargs)
    except Exception:
        error, _ = fault_result(sys.exc_info())
        _report_init_error(client, error, AFTER_RESTORE_ERROR, API + "/restore/error", status=65)
    return client


def _become_restored(order, ready):
    """The forked child becomes a new environment: its own output, /tmp, pid view (where the kernel lets an
    unprivileged process have them: a user namespace owning new mount and pid namespaces), randomness and
    Runtime API. Writes the serving process's pid (as the template sees it) to `ready`."""
    output = order.get("output")
    if output:
        fd = os.open(output, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    # A spare (forked ahead of any invoke) opens its wake-up FIFO now, while the template's /tmp is still visible,
    # and waits on it once everything that does not depend on the invoke is in place.
    wake = os.open(order["wake"], os.O_RDONLY) if order.get("wake") else None
    isolated = False
    if order.get("mountTmp"):
        try:
            _enter_namespaces(ready)
            isolated = True
        except OSError as e:
            _runtime_message("restored environment shares /tmp and pids with its template: %s" % e)
    if not isolated:
        os.write(ready, str(os.getpid()).encode())
    os.close(ready)
    _private_tmp(order, isolated)
    _env["AWS_LAMBDA_RUNTIME_API"] = order["runtimeApi"]
    client = RuntimeClient(order["runtimeApi"])
    if wake is not None:
        # A spare connects to its own Runtime API listener ahead (transport only: it asks for nothing yet), then
        # waits. The restore proper starts when Lamb writes to the FIFO: an invoke restores this environment.
        try:
            client._connect()
        except OSError:
            client._close()  # the first request connects again, and fails as a restore would
        if not os.read(wake, 1):
            # End of file: Lamb closed its end without waking this spare (it is being stopped, or Lamb is gone).
            # Its after-restore hooks must not run.
            os._exit(0)
        os.close(wake)
    import random

    # Reseeded at restore time, in the process that serves: every restored environment draws its own values.
    random.seed()
    return client


def _private_tmp(order, isolated):
    """An empty /tmp: a fresh tmpfs in the new mount namespace, or else a fresh directory as TMPDIR."""
    tmp = order.get("tmp")
    if isolated:
        try:
            _mount(b"tmpfs", b"/tmp", b"tmpfs", ("size=%dm,mode=1777" % (order.get("tmpMB") or 512)).encode())
            tmp = None
        except OSError as e:
            _runtime_message("restored environment shares /tmp with its template: %s" % e)
    if tmp:
        os.makedirs(tmp, exist_ok=True)
        _env["TMPDIR"] = tmp
    import tempfile

    tempfile.tempdir = None


_libc_handle = []


def _libc():
    if not _libc_handle:
        import ctypes

        _libc_handle.append((ctypes, ctypes.CDLL(None, use_errno=True)))
    return _libc_handle[0]


def _enter_namespaces(ready):
    """New user, mount and pid namespaces; the calling process cannot enter the pid namespace itself, so it
    forks the process that will serve (pid 1 there), reports that one's pid and exits. Returns in the new process."""
    ctypes, libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) != 0:
        raise OSError(ctypes.get_errno(), "unshare: " + os.strerror(ctypes.get_errno()))
    for path, text in (("setgroups", "deny"), ("uid_map", "%d %d 1" % (uid, uid)), ("gid_map", "%d %d 1" % (gid, gid))):
        with open("/proc/self/" + path, "w") as f:
            f.write(text)
    pid = os.fork()
    if pid != 0:
        os.write(ready, str(pid).encode())
        os._exit(0)
    try:
        # A /proc of the new pid namespace: the environment sees only its own processes.
        _mount(b"proc", b"/proc", b"proc", b"")
    except OSError as e:
        _runtime_message("restored environment sees its template's processes: %s" % e)


def _mount(source, target, fstype, options):
    ctypes, libc = _libc()
    MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
    flags = MS_NOSUID | MS_NODEV | (MS_NOEXEC if fstype == b"proc" else 0)
    if libc.mount(source, target, fstype, flags, options or None) != 0:
        raise OSError(ctypes.get_errno(), "mount %s: %s" % (target.decode(), os.strerror(ctypes.get_errno())))


# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------


def _on_sigterm(signum, frame):
    raise SystemExit(0)


def main(argv, shim_dir):
    global current_request_id, current_tenant_id

    _setup_sys_path(shim_dir)
    _wrap_std_streams()
    _install_logging()
    import _signal

    _signal.signal(_signal.SIGTERM, _on_sigterm)

    address = _env.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        _runtime_message("AWS_LAMBDA_RUNTIME_API is not set")
        sys.exit(1)
    client = RuntimeClient(address)
    handler_name = argv[1] if len(argv) > 1 else _env.get("_HANDLER", "")

    error = None
    try:
        request_handler = load_handler(handler_name)
    except Fault as e:
        error = make_error(e.msg, e.error_type, e.trace)
    except Exception:
        error, _ = fault_result(sys.exc_info())
    if error is not None:
        _report_init_error(client, error)

    if _env.get("AWS_LAMBDA_INITIALIZATION_TYPE") == "snap-start":
        client = snap_start(client)

    environ = os.environ
    try:
        headers, body = client.next_invocation()
        while True:
            invoke_id = headers.get("lambda-runtime-aws-request-id")
            if not invoke_id:
                raise RuntimeAPIError("Failed to find header Lambda-Runtime-Aws-Request-Id in response")
            current_request_id = invoke_id
            current_tenant_id = headers.get("lambda-runtime-aws-tenant-id") or None
            trace_id = headers.get("lambda-runtime-trace-id")
            if trace_id:
                environ["_X_AMZN_TRACE_ID"] = trace_id
            elif "_X_AMZN_TRACE_ID" in environ:
                del environ["_X_AMZN_TRACE_ID"]
            headers, body = post_and_next(client, handle_invoke(request_handler, headers, body))
    except (RuntimeAPIError, OSError, _ConnectionLost) as e:
        _runtime_message("Runtime API request failed: %s: %s" % (type(e).__name__, e))
        sys.exit(1)
