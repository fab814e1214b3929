package lamb.runtime;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOError;
import java.lang.reflect.Field;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Lamb's Java runtime interface client: loads the handler from the function's code, then answers the Runtime API's
 * invocations one at a time until the environment ends. Started as {@code java ... lamb.runtime.Bootstrap <handler>}.
 */
public final class Bootstrap {
    private Bootstrap() {}

    // What X-Ray's SDK reads on Java 17 and later (there is no _X_AMZN_TRACE_ID variable for Java functions).
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    public static void main(String[] args) throws Exception {
        FunctionEnvironment function = new FunctionEnvironment(System.getenv(), args);
        if (function.runtimeApi == null) {
            System.err.println("Lamb's Java runtime: AWS_LAMBDA_RUNTIME_API is not set");
            System.exit(1);
        }
        FunctionLogger logger = new FunctionLogger(function.logFormat, function.logLevel);
        install(logger);
        RuntimeApi api = new RuntimeApi(function.runtimeApi);

        URLClassLoader loader = FunctionClassPath.loader(function.taskRoot, function.optDirectory);
        Thread.currentThread().setContextClassLoader(loader);
        Invoker invoker;
        try {
            invoker = HandlerLoader.load(function.handler, loader, Serialization.forFunction(loader));
        } catch (UserFault fault) {
            logger.log(fault.logEntry());
            System.out.flush();
            api.initError(fault.json().getBytes(StandardCharsets.UTF_8), "Runtime.BadFunctionCode");
            System.exit(1);
            return;
        }
        loop(api, invoker, function, logger);
    }

    /** Makes {@code logger} the one {@link LambdaRuntime#getLogger()} returns. */
    private static void install(LambdaLogger logger) throws ReflectiveOperationException {
        Field field = LambdaRuntime.class.getDeclaredField("logger");
        field.setAccessible(true);
        field.set(null, logger);
    }

    private static void loop(RuntimeApi api, Invoker invoker, FunctionEnvironment function, FunctionLogger logger)
            throws Exception {
        ByteArrayOutputStream response = new ByteArrayOutputStream(1024);
        while (true) {
            RuntimeApi.Response next = api.next();
            if (next.status != 200) throw new IllegalStateException("the Runtime API answered " + next.status);
            String requestId = next.header("Lambda-Runtime-Aws-Request-Id");
            String trace = next.header("Lambda-Runtime-Trace-Id");
            if (trace != null) System.setProperty(TRACE_PROPERTY, trace);
            else System.clearProperty(TRACE_PROPERTY);
            logger.setRequestId(requestId);
            InvocationContext context = new InvocationContext(function, requestId, deadline(next),
                    next.header("Lambda-Runtime-Invoked-Function-Arn"), trace,
                    next.header("Lambda-Runtime-Aws-Tenant-Id"),
                    InvocationContext.identity(jsonHeader(next, "Lambda-Runtime-Cognito-Identity")),
                    InvocationContext.clientContext(jsonHeader(next, "Lambda-Runtime-Client-Context")));
            response.reset();
            boolean fatal = false;
            try {
                invoker.invoke(next.body, response, context);
                flushOutput();
                api.respond(requestId, response.toByteArray());
            } catch (UserFault fault) {
                flushOutput();
                logger.log(fault.logEntry());
                api.error(requestId, fault.json().getBytes(StandardCharsets.UTF_8), "Runtime.BadFunctionCode");
                fatal = fault.fatal;
            } catch (Throwable t) {
                ErrorReport.withoutRuntimeFrames(t);
                flushOutput();
                logger.log(ErrorReport.logEntry(t));
                api.error(requestId, ErrorReport.json(t).getBytes(StandardCharsets.UTF_8), "Runtime.UserException");
                // The JVM cannot be trusted after these: the next invocation gets a new environment.
                fatal = t instanceof VirtualMachineError || t instanceof IOError;
            }
            // A handler that set its thread's interrupt flag must not break the next wait.
            Thread.interrupted();
            if (fatal) System.exit(1);
        }
    }

    private static long deadline(RuntimeApi.Response next) {
        String value = next.header("Lambda-Runtime-Deadline-Ms");
        try {
            return value == null ? Long.MAX_VALUE : Long.parseLong(value);
        } catch (NumberFormatException bad) {
            return Long.MAX_VALUE;
        }
    }

    /** A header holding JSON (read as UTF-8: header bytes arrive as ISO-8859-1 characters); null when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonHeader(RuntimeApi.Response next, String name) {
        String value = next.header(name);
        if (value == null || value.isEmpty()) return null;
        try {
            Object parsed = Json.parse(new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            return parsed instanceof Map ? (Map<String, Object>) parsed : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static void flushOutput() {
        System.out.flush();
        System.err.flush();
    }
}
