package dev.openmeshes.server.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** The caller's {@code x-correlation-id} when it is a sane token, else a fresh one. */
final class CorrelationIds {

    private static final Pattern ACCEPTED = Pattern.compile("^[A-Za-z0-9._:/@+=-]{1,128}$");

    private CorrelationIds() {}

    static String effective(String fromCaller) {
        if (fromCaller != null && ACCEPTED.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        return UUID.randomUUID().toString();
    }
}
