package lamb.runtime;

import java.io.File;
import java.util.Map;

/** What the runtime reads from its variables once, at start. */
final class FunctionEnvironment {
    final String runtimeApi;
    final String handler;
    final String taskRoot;
    final String optDirectory;
    final String functionName;
    final String functionVersion;
    final String logGroupName;
    final String logStreamName;
    final int memoryLimitMB;
    final String logFormat;
    final String logLevel;

    FunctionEnvironment(Map<String, String> env, String[] args) {
        runtimeApi = env.get("AWS_LAMBDA_RUNTIME_API");
        handler = args.length > 0 ? args[0] : env.getOrDefault("_HANDLER", "");
        taskRoot = env.getOrDefault("LAMBDA_TASK_ROOT", new File("").getAbsolutePath());
        // Plain processes have no /opt of their own: Lamb names the merged layers' directory.
        optDirectory = env.getOrDefault("LAMB_OPT_DIR", "/opt");
        functionName = env.get("AWS_LAMBDA_FUNCTION_NAME");
        functionVersion = env.get("AWS_LAMBDA_FUNCTION_VERSION");
        logGroupName = env.get("AWS_LAMBDA_LOG_GROUP_NAME");
        logStreamName = env.get("AWS_LAMBDA_LOG_STREAM_NAME");
        int memory;
        try {
            memory = Integer.parseInt(env.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
        } catch (NumberFormatException bad) {
            memory = 128;
        }
        memoryLimitMB = memory;
        logFormat = env.get("AWS_LAMBDA_LOG_FORMAT");
        logLevel = env.get("AWS_LAMBDA_LOG_LEVEL");
    }
}
