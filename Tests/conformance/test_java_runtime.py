"""Java functions as Lambda runs them, through boto3: `RequestHandler` with POJOs in and out, a `Map` handler, a
`RequestStreamHandler`, `Class::method` POJO handlers, the `Context` object, `LambdaLogger` and `System.out` in the
log, Lambda's Java error JSON for an uncaught exception, Lambda's errors for a handler that cannot be loaded, static
state kept across warm invocations, a jar in `lib/`, event classes bound as Lambda's serializer binds them, the JVM's
flags and `JAVA_TOOL_OPTIONS`, and SnapStart reported as not optimised.

The handlers are compiled here with `javac` against Lamb's own `com.amazonaws.services.lambda.runtime` classes
(`lamb java-classpath`); everything skips when there is no `javac`.
"""

import base64
import glob
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile

import pytest

from conftest import LAMB_BIN, invoke, make_zip

JAVAC = shutil.which("javac")

pytestmark = pytest.mark.skipif(JAVAC is None, reason="no javac here (a JDK, e.g. openjdk-17-jdk-headless)")


def _installed_majors():
    """Major versions of the JDKs under /usr/lib/jvm, by their release files (as Lamb finds them)."""
    majors = set()
    for release in glob.glob("/usr/lib/jvm/*/release"):
        with open(release) as f:
            for line in f:
                if line.startswith("JAVA_VERSION="):
                    majors.add(line.split("=", 1)[1].strip().strip('"').split(".")[0])
    return majors


SOURCES = {
    "example/Greeter.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;

public class Greeter implements RequestHandler<Greeter.Request, Greeter.Response> {
    private static int count;
    private static final long loadedAt = System.nanoTime();

    public static class Nested {
        private boolean flag;
        public boolean isFlag() { return flag; }
        public void setFlag(boolean flag) { this.flag = flag; }
    }

    public static class Request {
        public String name;
        private int times;
        public List<String> tags;
        public Map<String, Integer> scores;
        public Nested nested;
        public int getTimes() { return times; }
        public void setTimes(int times) { this.times = times; }
    }

    public static class Response {
        private final String greeting;
        private final int count;
        private final long loadedAt;
        public final int tagCount;
        public final Integer total;
        public final Boolean flag;
        public final String missing = null;

        Response(String greeting, int count, long loadedAt, int tagCount, Integer total, Boolean flag) {
            this.greeting = greeting; this.count = count; this.loadedAt = loadedAt;
            this.tagCount = tagCount; this.total = total; this.flag = flag;
        }
        public String getGreeting() { return greeting; }
        public int getCount() { return count; }
        public long getLoadedAt() { return loadedAt; }
    }

    @Override
    public Response handleRequest(Request request, Context context) {
        count++;
        context.getLogger().log("greeting " + request.name);
        System.out.println("stdout line " + count);
        int total = 0;
        if (request.scores != null) for (int v : request.scores.values()) total += v;
        return new Response("Hello, " + request.name + "!".repeat(request.getTimes()), count, loadedAt,
            request.tags == null ? -1 : request.tags.size(), total,
            request.nested == null ? null : request.nested.isFlag());
    }
}
""",
    "example/ContextReport.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

public class ContextReport implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("requestId", context.getAwsRequestId());
        out.put("functionName", context.getFunctionName());
        out.put("functionVersion", context.getFunctionVersion());
        out.put("arn", context.getInvokedFunctionArn());
        out.put("memory", context.getMemoryLimitInMB());
        out.put("remaining", context.getRemainingTimeInMillis());
        out.put("logGroup", context.getLogGroupName());
        out.put("logStream", context.getLogStreamName());
        out.put("identity", context.getIdentity() == null ? null : context.getIdentity().getIdentityId());
        if (context.getClientContext() != null) {
            out.put("custom", context.getClientContext().getCustom());
            out.put("env", context.getClientContext().getEnvironment());
            out.put("appTitle", context.getClientContext().getClient().getAppTitle());
        }
        out.put("executionEnv", System.getenv("AWS_EXECUTION_ENV"));
        out.put("javaHome", System.getProperty("java.home"));
        out.put("javaVersion", System.getProperty("java.specification.version"));
        out.put("toolProperty", System.getProperty("lamb.test"));
        out.put("maxHeap", Runtime.getRuntime().maxMemory());
        out.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.put("traceProperty", System.getProperty("com.amazonaws.xray.traceHeader"));
        return out;
    }
}
""",
    "example/Upper.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

public class Upper implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        output.write(("[" + text.toUpperCase() + "]").getBytes(StandardCharsets.UTF_8));
    }
}
""",
    "example/Plain.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;

public class Plain {
    public static String shout(String word, Context context) {
        LambdaRuntime.getLogger().log("shouting " + word);
        return word.toUpperCase() + " from " + context.getFunctionName();
    }

    public int count;
    public int noArguments() { return ++count; }
}
""",
    "example/Thrower.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.util.Map;

public class Thrower implements RequestHandler<Map<String, String>, String> {
    @Override
    public String handleRequest(Map<String, String> event, Context context) {
        throw new IllegalStateException("it went wrong", new IOException("the root cause"));
    }
}
""",
    "example/BrokenStatic.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

public class BrokenStatic implements RequestHandler<String, String> {
    static final int VALUE = compute();
    static int compute() { throw new IllegalArgumentException("static init failed"); }
    public String handleRequest(String input, Context context) { return input; }
}
""",
    "com/amazonaws/services/lambda/runtime/events/SQSEvent.java": """
package com.amazonaws.services.lambda.runtime.events;

import java.util.List;

// The shape of aws-lambda-java-events' SQSEvent (Maven is out of reach here): bean properties whose names differ
// from the event's keys in case only, as Lambda's serializer binds them.
public class SQSEvent {
    private List<SQSMessage> records;
    public List<SQSMessage> getRecords() { return records; }
    public void setRecords(List<SQSMessage> records) { this.records = records; }

    public static class SQSMessage {
        private String messageId;
        private String body;
        private String eventSourceArn;
        public String getMessageId() { return messageId; }
        public void setMessageId(String messageId) { this.messageId = messageId; }
        public String getBody() { return body; }
        public void setBody(String body) { this.body = body; }
        public String getEventSourceArn() { return eventSourceArn; }
        public void setEventSourceArn(String eventSourceArn) { this.eventSourceArn = eventSourceArn; }
    }
}
""",
    "example/Queue.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

public class Queue implements RequestHandler<SQSEvent, SQSEvent> {
    public SQSEvent handleRequest(SQSEvent event, Context context) { return event; }
}
""",
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """{class file path: bytes} of SOURCES, compiled against `lamb java-classpath` for release 17."""
    root = tmp_path_factory.mktemp("java")
    classpath = subprocess.run(
        [LAMB_BIN, "java-classpath", "--data-dir", str(root / "lamb")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert os.path.isfile(os.path.join(classpath, "com/amazonaws/services/lambda/runtime/RequestHandler.class"))
    src = root / "src"
    for path, text in SOURCES.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(text)
    out = root / "classes"
    subprocess.run(
        [JAVAC, "--release", "17", "-cp", classpath, "-d", str(out)] + [str(src / p) for p in SOURCES],
        check=True,
        capture_output=True,
    )
    classes = {}
    for dirpath, _, files in os.walk(out):
        for name in files:
            full = os.path.join(dirpath, name)
            with open(full, "rb") as f:
                classes[os.path.relpath(full, out)] = f.read()
    return classes


def jar(classes):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        for path, data in classes.items():
            z.writestr(path, data)
    return buf.getvalue()


def java(functions, compiled, handler, runtime="java17", memory=256, **settings):
    return functions.create(compiled, handler=handler, runtime=runtime, MemorySize=memory, **settings)


def test_request_handler_binds_pojos_and_keeps_static_state_warm(lam, functions, compiled):
    name = java(functions, compiled, "example.Greeter")
    event = {"name": "Ada", "times": 2, "tags": "solo", "scores": {"a": 1, "b": "2"}, "nested": {"flag": True}, "x": 1}
    first = invoke(lam, name, event)
    assert first.status == 200 and first.function_error is None, first.body
    assert first.cold
    assert first.log.startswith("INIT_START Runtime Version: java:17")
    body = first.payload
    # Getters and public fields by their bean names; nulls left out; a single value taken as a list.
    assert body["greeting"] == "Hello, Ada!!" and body["count"] == 1
    assert body["tagCount"] == 1 and body["total"] == 3 and body["flag"] is True
    assert "missing" not in body
    assert "greeting Ada" in first.log and "stdout line 1" in first.log
    second = invoke(lam, name, {"name": "Grace"})
    assert second.payload["count"] == 2 and second.payload["loadedAt"] == body["loadedAt"]
    assert second.payload["tagCount"] == -1 and "flag" not in second.payload
    assert not second.cold


def test_map_handler_sees_the_context(lam, functions, compiled):
    name = java(functions, compiled, "example.ContextReport")
    client_context = {"client": {"app_title": "lamb-app"}, "custom": {"k": "v"}, "env": {"platform": "Linux"}}
    result = invoke(
        lam, name, {"a": [1, 2.5, "x", None], "b": {"c": True}},
        ClientContext=base64.b64encode(json.dumps(client_context).encode()).decode(),
    )
    assert result.function_error is None, result.body
    body = result.payload
    assert body["event"] == {"a": [1, 2.5, "x", None], "b": {"c": True}}
    assert body["requestId"] == result.raw["ResponseMetadata"]["RequestId"]
    assert body["functionName"] == name and body["functionVersion"] == "$LATEST"
    assert body["arn"].endswith(":function:" + name)
    assert body["memory"] == 256 and 0 < body["remaining"] <= 3000
    assert body["logGroup"] == "/aws/lambda/" + name and "[$LATEST]" in body["logStream"]
    assert body["identity"] is None
    assert body["custom"] == {"k": "v"} and body["env"] == {"platform": "Linux"} and body["appTitle"] == "lamb-app"
    assert body["executionEnv"] == "AWS_Lambda_java17" and body["javaVersion"] == "17"
    # Lambda's flags: 85% of the memory as heap, the serial collector, C1 only.
    assert "-XX:+UseSerialGC" in body["jvmArguments"] and "-XX:TieredStopAtLevel=1" in body["jvmArguments"]
    assert body["maxHeap"] <= 256 * 1024 * 1024 * 0.85
    assert body["traceProperty"] is None or body["traceProperty"].startswith("Root=")


def test_jdk_at_lambdas_path_in_the_linux_sandbox(lamb, lam, functions, compiled):
    if os.geteuid() != 0 or "sandbox: linux" not in lamb.log():
        pytest.skip("the session's server does not run the Linux sandbox (plain processes use host paths)")
    name = java(functions, compiled, "example.ContextReport")
    result = invoke(lam, name, {})
    assert result.function_error is None, result.body
    assert result.payload["javaHome"] == "/var/lang"


def test_java_tool_options_are_honoured_and_win_over_lambdas_defaults(lam, functions, compiled):
    name = java(
        functions, compiled, "example.ContextReport",
        Environment={"Variables": {"JAVA_TOOL_OPTIONS": "-Dlamb.test=picked -XX:+UseParallelGC"}},
    )
    result = invoke(lam, name, {})
    assert result.function_error is None, result.body
    assert result.payload["toolProperty"] == "picked"
    assert "-XX:+UseSerialGC" not in result.payload["jvmArguments"]
    assert "Picked up JAVA_TOOL_OPTIONS" in result.log


def test_request_stream_handler(lam, functions, compiled):
    name = java(functions, compiled, "example.Upper")
    result = invoke(lam, name, b'"hello stream"')
    assert result.function_error is None and result.body == b'["HELLO STREAM"]'


def test_pojo_method_handlers(lam, functions, compiled):
    name = java(functions, compiled, "example.Plain::shout")
    result = invoke(lam, name, "quiet")
    assert result.function_error is None, result.body
    assert result.payload == "QUIET from " + name
    assert "shouting quiet" in result.log
    counter = java(functions, compiled, "example.Plain::noArguments")
    assert invoke(lam, counter, {"ignored": 1}).payload == 1
    assert invoke(lam, counter).payload == 2


def test_jar_in_lib_and_events_bound_as_lambda_binds_them(lam, functions, compiled):
    files = {"lib/function.jar": jar(compiled)}
    name = java(functions, files, "example.Queue")
    event = {"Records": [{"messageId": "m1", "body": "hi", "eventSourceARN": "arn:aws:sqs:us-east-1:1:q", "md5": "x"}]}
    result = invoke(lam, name, event)
    assert result.function_error is None, result.body
    assert result.payload == {"Records": [{"messageId": "m1", "body": "hi", "eventSourceARN": "arn:aws:sqs:us-east-1:1:q"}]}


def test_uncaught_exception_gives_lambdas_java_error_shape(lam, functions, compiled):
    name = java(functions, compiled, "example.Thrower")
    result = invoke(lam, name, {"k": "v"})
    assert result.status == 200 and result.function_error == "Unhandled"
    body = result.payload
    assert body["errorType"] == "java.lang.IllegalStateException" and body["errorMessage"] == "it went wrong"
    assert body["stackTrace"][0].startswith("example.Thrower.handleRequest(Thrower.java:")
    assert not [frame for frame in body["stackTrace"] if frame.startswith("lamb.")]
    assert body["cause"]["errorType"] == "java.io.IOException"
    assert body["cause"]["errorMessage"] == "the root cause"
    assert "java.lang.IllegalStateException: it went wrong" in result.log


def test_json_that_does_not_bind_is_a_parsing_error(lam, functions, compiled):
    name = java(functions, compiled, "example.Greeter")
    result = invoke(lam, name, {"name": {"not": "a string"}})
    assert result.function_error == "Unhandled"
    assert result.payload["errorMessage"] == "An error occurred during JSON parsing"
    assert result.payload["errorType"] == "java.lang.RuntimeException" and "cause" in result.payload


def test_handler_that_cannot_be_loaded(lam, functions, compiled):
    missing = java(functions, compiled, "example.Missing")
    result = invoke(lam, missing)
    assert result.function_error == "Unhandled"
    assert result.payload == {"errorMessage": "Class not found: example.Missing", "errorType": "java.lang.ClassNotFoundException"}
    no_method = java(functions, compiled, "example.Plain::nothing")
    result = invoke(lam, no_method)
    assert result.function_error == "Unhandled"
    assert result.payload["errorMessage"] == (
        "No public method named nothing with appropriate method signature found on class example.Plain"
    )


def test_static_initialiser_failure_is_an_init_error(lam, functions, compiled):
    name = java(functions, compiled, "example.BrokenStatic")
    result = invoke(lam, name, "x")
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "java.lang.ExceptionInInitializerError"
    assert result.payload["errorMessage"].startswith("Error loading class example.BrokenStatic")
    assert "INIT_REPORT" in result.log or "Init Duration" in result.log or "static init failed" in result.log


def test_runs_in_128_mb(lam, functions, compiled):
    name = java(functions, compiled, "example.ContextReport", memory=128)
    result = invoke(lam, name, {"small": True})
    assert result.function_error is None, result.body
    assert result.payload["memory"] == 128 and result.payload["maxHeap"] <= 128 * 1024 * 1024 * 0.85


@pytest.mark.skipif("25" not in _installed_majors(), reason="no JDK 25 under /usr/lib/jvm")
def test_java25(lam, functions, compiled):
    name = java(functions, compiled, "example.ContextReport", runtime="java25")
    result = invoke(lam, name, {})
    assert result.function_error is None, result.body
    assert result.payload["javaVersion"] == "25" and result.payload["executionEnv"] == "AWS_Lambda_java25"


@pytest.mark.skipif("21" in _installed_majors(), reason="a JDK 21 is installed here")
def test_missing_java_runtime_is_refused(lam, compiled):
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as raised:
        lam.create_function(
            FunctionName="java21-missing", Runtime="java21", Handler="example.Greeter",
            Role="arn:aws:iam::123456789012:role/lambda", Code={"ZipFile": make_zip({"a.txt": "x"})},
        )
    assert "java21 is not available on this host" in str(raised.value)


def test_snapstart_is_accepted_and_reported_off(lam, functions, compiled):
    name = java(functions, compiled, "example.Greeter", SnapStart={"ApplyOn": "PublishedVersions"})
    assert lam.get_function_configuration(FunctionName=name)["SnapStart"] == {
        "ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"}
    version = lam.publish_version(FunctionName=name)["Version"]
    config = lam.get_function_configuration(FunctionName=name, Qualifier=version)
    assert config["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"}
    assert config["State"] == "Active"
    result = invoke(lam, name, {"name": "Snap"}, Qualifier=version)
    assert result.function_error is None and result.payload["greeting"] == "Hello, Snap"
