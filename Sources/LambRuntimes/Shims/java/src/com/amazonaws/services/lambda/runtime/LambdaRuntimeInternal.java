package com.amazonaws.services.lambda.runtime;

/** A switch logging adapters (the Log4j 2 appender) set; kept for them to find. */
public final class LambdaRuntimeInternal {
    private LambdaRuntimeInternal() {}

    private static volatile boolean useLog4jAppender;

    public static void setUseLog4jAppender(boolean useLog4j) {
        useLog4jAppender = useLog4j;
    }

    public static boolean getUseLog4jAppender() {
        return useLog4jAppender;
    }
}
