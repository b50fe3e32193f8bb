package dev.openmeshes.server.support;

import dev.openmeshes.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Bytes sent as they are on one TCP connection, for requests no well-behaved client would send. */
public final class RawHttp {

    /** Everything the server wrote until it closed the connection, or until {@code waitMillis} of silence. */
    public record Exchange(String text, boolean closedByServer) {

        /** A status line; not anchored, as an answer follows the previous body on the same line. */
        private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

        /** The status of every answer on the connection, in order. */
        public List<Integer> statuses() {
            List<Integer> statuses = new ArrayList<>();
            Matcher m = STATUS_LINE.matcher(text);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return statuses;
        }

        /** A header of the first answer, or null. */
        public String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*([^\\r\\n]*)\\r?$")
                    .matcher(text.substring(0, Math.max(0, text.indexOf("\r\n\r\n"))));
            return m.find() ? m.group(1) : null;
        }

        /** The body of the first answer as JSON (its Content-Length bytes after the headers). */
        public JsonNode json() {
            int start = text.indexOf("\r\n\r\n") + 4;
            int length = Integer.parseInt(header("Content-Length"));
            byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
            return Json.MAPPER.readTree(java.util.Arrays.copyOfRange(all, start, start + length));
        }
    }

    private RawHttp() {}

    public static Exchange exchange(int port, String request, int waitMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(waitMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readUntilClosed(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} and returns as soon as one whole answer (headers and Content-Length bytes) is in. */
    public static Exchange answer(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            var received = new ByteArrayOutputStream();
            for (int b; (b = socket.getInputStream().read()) >= 0; ) {
                received.write(b);
                String text = received.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0) {
                    var exchange = new Exchange(text, false);
                    int length = Integer.parseInt(exchange.header("Content-Length"));
                    if (received.size() == end + 4 + length) {
                        return exchange;
                    }
                }
            }
            return new Exchange(received.toString(StandardCharsets.ISO_8859_1), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Exchange readUntilClosed(InputStream in) throws IOException {
        var received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean closed;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
            closed = true;
        } catch (SocketTimeoutException stillOpen) {
            closed = false;
        } catch (java.net.SocketException reset) {
            closed = true;
        }
        return new Exchange(received.toString(StandardCharsets.ISO_8859_1), closed);
    }
}
