package dev.openmeshes.server.api;

import dev.openmeshes.server.http.Body;
import java.time.Duration;

/** {@code grace_period_seconds} of a rotation: how long the old credential keeps working (default 0). */
final class GracePeriod {

    private GracePeriod() {}

    static Duration read(Body body) {
        Long seconds = body.integer("grace_period_seconds");
        body.done();
        return Duration.ofSeconds(seconds == null ? 0 : seconds);
    }
}
