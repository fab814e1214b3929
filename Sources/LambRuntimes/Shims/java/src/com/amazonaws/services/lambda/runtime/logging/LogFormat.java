package com.amazonaws.services.lambda.runtime.logging;

/** The log formats of {@code AWS_LAMBDA_LOG_FORMAT}. */
public enum LogFormat {
    JSON,
    TEXT;

    /** The format named {@code name} in any case; {@code TEXT} for null or an unknown name. */
    public static LogFormat fromString(String name) {
        if (name == null) return TEXT;
        try {
            return LogFormat.valueOf(name.trim().toUpperCase());
        } catch (IllegalArgumentException unknown) {
            return TEXT;
        }
    }
}
