package com.amazonaws.services.lambda.runtime.logging;

/** The levels of {@code AWS_LAMBDA_LOG_LEVEL} and of {@code LambdaLogger.log(message, level)}. */
public enum LogLevel {
    UNDEFINED,
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    FATAL;

    /** The level named {@code name} in any case; {@code UNDEFINED} for null or an unknown name. */
    public static LogLevel fromString(String name) {
        if (name == null) return UNDEFINED;
        try {
            return LogLevel.valueOf(name.trim().toUpperCase());
        } catch (IllegalArgumentException unknown) {
            return UNDEFINED;
        }
    }
}
