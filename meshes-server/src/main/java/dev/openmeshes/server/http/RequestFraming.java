package dev.openmeshes.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Refuses a request whose body length can be read two ways (RFC 9112 §6.3), before anything of it
 * is routed: Content-Length together with Transfer-Encoding, more than one Content-Length, or a
 * Transfer-Encoding other than exactly {@code chunked} (the only one Helidon frames by; any other
 * it would ignore and read the body as the next request). A proxy in front might frame such a
 * request differently and pass a request hidden in its body, so the answer is 400 and the
 * connection is closed.
 */
final class RequestFraming implements Http1ConnectionListener {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        List<String> lengths = headers.all(HeaderNames.CONTENT_LENGTH, List::of);
        List<String> encodings = headers.all(HeaderNames.TRANSFER_ENCODING, List::of);
        if (encodings.isEmpty() && lengths.isEmpty()) {
            return;
        }
        if (!encodings.isEmpty() && !lengths.isEmpty()) {
            throw refused("A request must not carry both Content-Length and Transfer-Encoding", headers);
        }
        if (lengths.size() > 1 || lengths.size() == 1 && !DIGITS.matcher(lengths.getFirst()).matches()) {
            throw refused("Content-Length must be one number", headers);
        }
        if (encodings.size() > 1 || encodings.size() == 1 && !encodings.getFirst().equals("chunked")) {
            throw refused("Transfer-Encoding must be chunked, and only chunked", headers);
        }
    }

    private static RuntimeException refused(String message, Headers headers) {
        return EdgeAnswers.badRequest("ambiguous_framing", message, headers);
    }
}
