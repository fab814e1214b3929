package lamb.runtime;

/**
 * A failure Lambda's Java runtime reports as its own rather than as the handler's exception: a handler that cannot
 * be loaded (class not found, no such method, a constructor or static initialiser that threw). A fatal fault ends
 * init through /init/error; any other answers every invocation with the same error, as Lambda's runtime does.
 */
final class UserFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String errorMessage;
    /** The Java class name of the cause; null for faults that are only a message. */
    final String errorType;
    final Throwable cause;
    final boolean fatal;

    UserFault(String errorMessage, String errorType, Throwable cause, boolean fatal) {
        super(errorMessage, null, false, false);
        this.errorMessage = errorMessage;
        this.errorType = errorType;
        this.cause = cause;
        this.fatal = fatal;
    }

    static UserFault message(String message) {
        return new UserFault(message, null, null, false);
    }

    /** A fault standing for {@code t}: its message (or class name) and class. */
    static UserFault of(Throwable t, boolean fatal) {
        String message = t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
        return new UserFault(message, t.getClass().getName(), t, fatal);
    }

    /** The JSON body Lambda's runtime posts for a fault: message and type, no stack trace. */
    String json() {
        StringBuilder out = new StringBuilder("{\"errorMessage\":");
        Json.quote(errorMessage, out);
        if (errorType != null) {
            out.append(",\"errorType\":");
            Json.quote(errorType, out);
        }
        return out.append('}').toString();
    }

    /** The log entry Lambda's runtime writes for a fault: the message, the type, the stack trace. */
    String logEntry() {
        if (errorType == null && cause == null) return errorMessage + "\n";
        return errorMessage + ": " + (errorType == null ? "" : errorType) + "\n"
                + (cause == null ? "" : ErrorReport.printed(cause)) + "\n";
    }
}
