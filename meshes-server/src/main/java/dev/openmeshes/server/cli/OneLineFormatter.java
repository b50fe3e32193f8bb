package dev.openmeshes.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Each record as one line: time, level, logger and message, with control characters and Unicode
 * line separators escaped, so a logged request value cannot start a line of its own. A stack
 * trace follows on lines that each start with a tab. Anything shaped like a credential is
 * redacted first: a safety net for values that reach a message by mistake, never the way
 * secrets are kept out.
 */
final class OneLineFormatter extends Formatter {

    private static final String REDACTED = "[redacted]";
    /** A JWS in compact form: base64url of a JSON header ({"…} encodes as eyJ…), payload, signature. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /** An Authorization header's value, whatever its scheme: the scheme and the credential after it. */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;}]+(?:[ \\t]+[^\\s\"',;}]+)?");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern STANDARD_WEBHOOKS_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]+");
    /** {@code secret_key: …}, {@code "password":"…"}, {@code token=…}: a credential-named field and its value. */
    private static final Pattern NAMED = Pattern.compile(
            "(?i)([\\w-]*(?:secret|password|passwd|token|api[_-]?key)[\\w-]*[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;&}]+");
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    @Override
    public String format(LogRecord record) {
        String line = Instant.ofEpochMilli(record.getMillis()) + " " + record.getLevel() + " "
                + shortName(record.getLoggerName()) + " " + escape(redact(formatMessage(record)))
                + System.lineSeparator();
        return record.getThrown() == null ? line : line + trace(record.getThrown());
    }

    static String redact(String text) {
        text = AUTHORIZATION.matcher(text).replaceAll("$1" + REDACTED);
        text = JWT.matcher(text).replaceAll(REDACTED);
        text = AUTH_SCHEME.matcher(text).replaceAll("$1 " + REDACTED);
        text = STANDARD_WEBHOOKS_SECRET.matcher(text).replaceAll("whsec_" + REDACTED);
        return NAMED.matcher(text).replaceAll("$1" + REDACTED);
    }

    /** CR, LF and every other C0 or C1 control (tab aside), DEL, U+2028 and U+2029 as visible escapes. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String trace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return LINE_BREAK.splitAsStream(redact(trace.toString()).stripTrailing())
                .map(line -> (line.startsWith("\t") ? "" : "\t") + escape(line) + System.lineSeparator())
                .collect(Collectors.joining());
    }

    private static String shortName(String name) {
        return name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
    }
}
