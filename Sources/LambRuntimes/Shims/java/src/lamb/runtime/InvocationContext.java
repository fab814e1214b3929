package lamb.runtime;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.util.Map;

/** The {@link Context} of one invocation, from the function's variables and the Runtime API's headers. */
final class InvocationContext implements Context {
    private final String requestId;
    private final long deadlineMs;
    private final String invokedFunctionArn;
    private final String traceId;
    private final String tenantId;
    private final CognitoIdentity identity;
    private final ClientContext clientContext;
    private final FunctionEnvironment function;

    InvocationContext(FunctionEnvironment function, String requestId, long deadlineMs, String invokedFunctionArn,
            String traceId, String tenantId, CognitoIdentity identity, ClientContext clientContext) {
        this.function = function;
        this.requestId = requestId;
        this.deadlineMs = deadlineMs;
        this.invokedFunctionArn = invokedFunctionArn;
        this.traceId = traceId;
        this.tenantId = tenantId;
        this.identity = identity;
        this.clientContext = clientContext;
    }

    public String getAwsRequestId() { return requestId; }
    public String getLogGroupName() { return function.logGroupName; }
    public String getLogStreamName() { return function.logStreamName; }
    public String getFunctionName() { return function.functionName; }
    public String getFunctionVersion() { return function.functionVersion; }
    public String getInvokedFunctionArn() { return invokedFunctionArn; }
    public CognitoIdentity getIdentity() { return identity; }
    public ClientContext getClientContext() { return clientContext; }
    public int getMemoryLimitInMB() { return function.memoryLimitMB; }
    public LambdaLogger getLogger() { return LambdaRuntime.getLogger(); }
    public String getTenantId() { return tenantId; }
    public String getXrayTraceId() { return traceId; }

    public int getRemainingTimeInMillis() {
        long left = deadlineMs - System.currentTimeMillis();
        return left > 0 ? (int) Math.min(left, Integer.MAX_VALUE) : 0;
    }

    /** The Cognito identity of the {@code Lambda-Runtime-Cognito-Identity} header. */
    static CognitoIdentity identity(Map<String, Object> json) {
        if (json == null) return null;
        String id = text(json.get("cognitoIdentityId"));
        String pool = text(json.get("cognitoIdentityPoolId"));
        return new CognitoIdentity() {
            public String getIdentityId() { return id; }
            public String getIdentityPoolId() { return pool; }
        };
    }

    /** The client context of the {@code Lambda-Runtime-Client-Context} header (the mobile SDKs' field names). */
    @SuppressWarnings("unchecked")
    static ClientContext clientContext(Map<String, Object> json) {
        if (json == null) return null;
        Map<String, Object> clientJson = json.get("client") instanceof Map ? (Map<String, Object>) json.get("client") : null;
        Client client = clientJson == null ? null : new Client() {
            public String getInstallationId() { return text(clientJson.get("installation_id")); }
            public String getAppTitle() { return text(clientJson.get("app_title")); }
            public String getAppVersionName() { return text(clientJson.get("app_version_name")); }
            public String getAppVersionCode() { return text(clientJson.get("app_version_code")); }
            public String getAppPackageName() { return text(clientJson.get("app_package_name")); }
        };
        Map<String, String> custom = strings(json.get("custom"));
        Map<String, String> environment = strings(json.get("env"));
        return new ClientContext() {
            public Client getClient() { return client; }
            public Map<String, String> getCustom() { return custom; }
            public Map<String, String> getEnvironment() { return environment; }
        };
    }

    private static Map<String, String> strings(Object node) {
        if (!(node instanceof Map)) return null;
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) node).entrySet()) {
            out.put(String.valueOf(entry.getKey()), text(entry.getValue()));
        }
        return out;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
