package dev.openmeshes.core.model;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids of high-volume rows (events, deliveries, attempts): version-7 UUIDs, time-ordered, so each
 * insert lands at the right edge of the primary-key index instead of on a random page. With
 * random (v4) ids every event dirtied pages all over the indexes and the embedded store spent
 * its time rewriting them.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator TIME_ORDERED = Generators.timeBasedEpochGenerator();

    private Ids() {}

    public static UUID timeOrdered() {
        return TIME_ORDERED.generate();
    }
}
