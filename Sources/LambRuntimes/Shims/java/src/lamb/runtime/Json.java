package lamb.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to a tree and back, without a library: objects are {@link LinkedHashMap}s (keys in document order),
 * arrays {@link ArrayList}s, numbers {@link Integer}, {@link Long}, {@link BigInteger} or {@link Double}
 * ({@link BigDecimal} when a double would round the text), strings, booleans and null.
 *
 * <p>The parser is as lenient as Lambda's Jackson configuration where that matters for events: control characters
 * inside strings, NaN and Infinity, leading zeros, single-quoted strings and unquoted names are accepted.
 */
final class Json {
    private Json() {}

    static Object parse(String text) {
        Parser parser = new Parser(text);
        parser.skipSpace();
        Object value = parser.value(0);
        parser.skipSpace();
        if (parser.at < text.length()) throw parser.fail("unexpected text after the value");
        return value;
    }

    static String write(Object tree) {
        StringBuilder out = new StringBuilder();
        write(tree, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            quote((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // Jackson writes non-finite numbers as strings (WRITE_NAN_AS_STRINGS).
            if (Double.isNaN(d) || Double.isInfinite(d)) quote(value.toString(), out);
            else out.append(value.toString());
        } else if (value instanceof Number) {
            out.append(value.toString());
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<Object, Object> entry : ((Map<Object, Object>) value).entrySet()) {
                if (!first) out.append(',');
                first = false;
                quote(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<Object>) value) {
                if (!first) out.append(',');
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            quote(value.toString(), out);
        }
    }

    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** A malformed document; the message says where. */
    static final class ParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    private static final class Parser {
        // Deep enough for any real event; a guard against a stack overflow on hostile input.
        private static final int MAX_DEPTH = 1000;
        final String text;
        int at;

        Parser(String text) {
            this.text = text;
        }

        ParseException fail(String what) {
            return new ParseException(what + " at character " + at);
        }

        void skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') at++;
                else break;
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) throw fail("nesting too deep");
            if (at >= text.length()) throw fail("unexpected end of input");
            char c = text.charAt(at);
            switch (c) {
                case '{': return object(depth);
                case '[': return array(depth);
                case '"': case '\'': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                case 'N': return literal("NaN", Double.NaN);
                case 'I': return literal("Infinity", Double.POSITIVE_INFINITY);
                default:
                    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) return number();
                    throw fail("unexpected character '" + c + "'");
            }
        }

        Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) throw fail("unexpected text");
            at += word.length();
            return value;
        }

        Map<String, Object> object(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (at < text.length() && text.charAt(at) == '}') {
                at++;
                return map;
            }
            while (true) {
                skipSpace();
                String key = name();
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value(depth + 1));
                skipSpace();
                if (at >= text.length()) throw fail("unterminated object");
                char c = text.charAt(at++);
                if (c == '}') return map;
                if (c != ',') throw fail("expected ',' or '}'");
            }
        }

        String name() {
            if (at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == '\'')) return string();
            int start = at;
            while (at < text.length() && (Character.isJavaIdentifierPart(text.charAt(at)))) at++;
            if (start == at) throw fail("expected a name");
            return text.substring(start, at);
        }

        List<Object> array(int depth) {
            List<Object> list = new ArrayList<>();
            at++;
            skipSpace();
            if (at < text.length() && text.charAt(at) == ']') {
                at++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value(depth + 1));
                skipSpace();
                if (at >= text.length()) throw fail("unterminated array");
                char c = text.charAt(at++);
                if (c == ']') return list;
                if (c != ',') throw fail("expected ',' or ']'");
            }
        }

        void expect(char c) {
            if (at >= text.length() || text.charAt(at) != c) throw fail("expected '" + c + "'");
            at++;
        }

        String string() {
            char quote = text.charAt(at++);
            StringBuilder out = null;
            int start = at;
            while (true) {
                if (at >= text.length()) throw fail("unterminated string");
                char c = text.charAt(at);
                if (c == quote) {
                    String s = out == null ? text.substring(start, at) : out.append(text, start, at).toString();
                    at++;
                    return s;
                }
                if (c == '\\') {
                    if (out == null) out = new StringBuilder();
                    out.append(text, start, at);
                    at++;
                    if (at >= text.length()) throw fail("unterminated escape");
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n': out.append('\n'); break;
                        case 't': out.append('\t'); break;
                        case 'r': out.append('\r'); break;
                        case 'b': out.append('\b'); break;
                        case 'f': out.append('\f'); break;
                        case 'u':
                            if (at + 4 > text.length()) throw fail("short unicode escape");
                            try {
                                out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            } catch (NumberFormatException bad) {
                                throw fail("bad unicode escape");
                            }
                            at += 4;
                            break;
                        default: out.append(e); // \" \\ \/ and any other escaped character as itself
                    }
                    start = at;
                } else {
                    at++;
                }
            }
        }

        Object number() {
            int start = at;
            if (text.charAt(at) == '-' || text.charAt(at) == '+') at++;
            if (text.startsWith("Infinity", at)) {
                at += 8;
                return text.charAt(start) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            boolean integral = true;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c >= '0' && c <= '9') {
                    at++;
                } else if (c == '.' || c == 'e' || c == 'E' || ((c == '-' || c == '+') && !integral)) {
                    integral = false;
                    at++;
                } else {
                    break;
                }
            }
            String digits = text.substring(start, at);
            if (digits.startsWith("+")) digits = digits.substring(1);
            try {
                if (integral) {
                    BigInteger big = new BigInteger(digits);
                    if (big.bitLength() < 32) return big.intValue();
                    if (big.bitLength() < 64) return big.longValue();
                    return big;
                }
                BigDecimal exact = new BigDecimal(digits);
                double d = exact.doubleValue();
                return Double.isInfinite(d) ? exact : d;
            } catch (NumberFormatException bad) {
                throw fail("bad number '" + digits + "'");
            }
        }
    }
}
