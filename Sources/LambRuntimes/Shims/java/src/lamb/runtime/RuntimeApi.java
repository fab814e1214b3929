package lamb.runtime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Runtime API over one kept-alive HTTP/1.1 connection on a plain socket: HttpURLConnection would load a
 * hundred classes more on every cold start for the four requests this needs.
 */
final class RuntimeApi {
    private static final String BASE = "/2018-06-01/runtime";
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** A response: status, headers with lower-case names, body. */
    static final class Response {
        final int status;
        final Map<String, String> headers;
        final byte[] body;

        Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    RuntimeApi(String address) {
        int colon = address.lastIndexOf(':');
        this.host = colon < 0 ? address : address.substring(0, colon);
        this.port = colon < 0 ? 80 : Integer.parseInt(address.substring(colon + 1));
    }

    /** Blocks until the next event (the first call also says init is done). */
    Response next() throws IOException {
        return exchange("GET", BASE + "/invocation/next", null, null, null);
    }

    void respond(String requestId, byte[] body) throws IOException {
        checked(exchange("POST", BASE + "/invocation/" + requestId + "/response", body, "application/json", null));
    }

    void error(String requestId, byte[] body, String errorType) throws IOException {
        checked(exchange("POST", BASE + "/invocation/" + requestId + "/error", body,
                "application/vnd.aws.lambda.error+json", errorType));
    }

    void initError(byte[] body, String errorType) throws IOException {
        checked(exchange("POST", BASE + "/init/error", body, "application/vnd.aws.lambda.error+json", errorType));
    }

    private static void checked(Response response) throws IOException {
        if (response.status != 202) {
            String text = new String(response.body, StandardCharsets.UTF_8);
            // A result for an invocation that already ended (timed out) is not worth dying for.
            if (response.status == 410 || response.status == 400) {
                System.err.println("Lamb's Java runtime: the Runtime API refused a result: " + text);
                return;
            }
            throw new IOException("the Runtime API answered " + response.status + ": " + text);
        }
    }

    private Response exchange(String method, String path, byte[] body, String contentType, String errorType)
            throws IOException {
        boolean reused = socket != null;
        try {
            return send(method, path, body, contentType, errorType);
        } catch (IOException broken) {
            close();
            // A kept-alive connection the server closed while idle: one more try on a new one.
            if (!reused) throw broken;
            return send(method, path, body, contentType, errorType);
        }
    }

    private Response send(String method, String path, byte[] body, String contentType, String errorType)
            throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port));
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
        }
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':')
                .append(port).append("\r\nUser-Agent: lamb-java/").append(System.getProperty("java.version"))
                .append("\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        if (errorType != null) head.append("Lambda-Runtime-Function-Error-Type: ").append(errorType).append("\r\n");
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body != null && body.length < 65536) {
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            out.write(all);
        } else {
            out.write(headBytes);
            if (body != null) out.write(body);
        }
        out.flush();
        Response response = read();
        if ("close".equalsIgnoreCase(response.header("connection"))) close();
        return response;
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("the Runtime API closed the connection");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2) throw new IOException("bad status line: " + statusLine);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = new byte[0];
        }
        return new Response(status, headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) throw new IOException("truncated chunked body");
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                String trailer;
                while ((trailer = line()) != null && !trailer.isEmpty()) { /* trailers are not used */ }
                return all.toByteArray();
            }
            all.write(in.readNBytes(n));
            line();
        }
    }

    /** One CRLF-terminated line in ISO-8859-1 (header values are ASCII); null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = s.length();
                if (end > 0 && s.charAt(end - 1) == '\r') s.setLength(end - 1);
                return s.toString();
            }
            s.append((char) c);
        }
        return s.length() == 0 ? null : s.toString();
    }

    private void close() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
        socket = null;
    }
}
