package dev.openmeshes.server.cli;

import dev.openmeshes.sdk.MeshesApiException;
import java.util.stream.Collectors;

/** An error answer as one line: the server's message, its refused fields, then code, status and correlation id. */
final class ApiErrors {

    private ApiErrors() {}

    static String describe(MeshesApiException refused) {
        // The SDK's message is the server's with "(HTTP …)" appended; this line orders those facts itself.
        String message = refused.getMessage();
        int suffix = message.lastIndexOf(" (HTTP " + refused.status());
        String reason = suffix < 0 ? message : message.substring(0, suffix);
        String fields = refused.details().stream().map(d -> d.field() + " " + d.message())
                .collect(Collectors.joining("; ", refused.details().isEmpty() ? "" : ": ", ""));
        return reason + fields + " (" + (refused.error() == null ? "" : refused.error() + ", ") + "HTTP " + refused.status()
                + (refused.correlationId() == null ? "" : ", correlation id " + refused.correlationId()) + ")";
    }
}
