package lamb.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * An uncaught exception as Lambda's Java runtime reports it: {@code errorMessage} (the message, or the class name
 * when there is none), {@code errorType} (the class name), {@code stackTrace} (each frame as
 * {@link StackTraceElement#toString()} prints it, the runtime's own frames cut off) and {@code cause}, the same
 * shape again, when there is one.
 */
final class ErrorReport {
    private ErrorReport() {}

    private static final String RUNTIME_PACKAGE = "lamb.runtime.";

    static String json(Throwable t) {
        StringBuilder out = new StringBuilder(512);
        write(t, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out.toString();
    }

    private static void write(Throwable t, StringBuilder out, Set<Throwable> seen) {
        seen.add(t);
        out.append("{\"errorMessage\":");
        Json.quote(t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage(), out);
        out.append(",\"errorType\":");
        Json.quote(t.getClass().getName(), out);
        out.append(",\"stackTrace\":[");
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            if (i > 0) out.append(',');
            Json.quote(frames[i].toString(), out);
        }
        out.append(']');
        Throwable cause = t.getCause();
        if (cause != null && !seen.contains(cause)) {
            out.append(",\"cause\":");
            write(cause, out, seen);
        }
        out.append('}');
    }

    /** Cuts the runtime's frames (and everything below them) off {@code t}, its causes and suppressed exceptions. */
    static <T extends Throwable> T withoutRuntimeFrames(T t) {
        filter(t, Collections.newSetFromMap(new IdentityHashMap<>()));
        return t;
    }

    private static void filter(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) return;
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(RUNTIME_PACKAGE)) {
                StackTraceElement[] kept = new StackTraceElement[i];
                System.arraycopy(frames, 0, kept, 0, i);
                t.setStackTrace(kept);
                break;
            }
        }
        filter(t.getCause(), seen);
        for (Throwable suppressed : t.getSuppressed()) filter(suppressed, seen);
    }

    /** {@code t} as printStackTrace prints it. */
    static String printed(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** The log entry Lambda's runtime writes for an uncaught exception. */
    static String logEntry(Throwable t) {
        String message = t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
        return message + ": " + t.getClass().getName() + "\n" + printed(t) + "\n";
    }
}
