package dev.openmeshes.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * How many events each workspace accepted, and how many deliveries it delivered and finally
 * failed, per minute. The store counts them in the transactions that write the events and record
 * the results, so the counts are exact and cost no write of their own per event.
 */
public interface Activity {

    /** One minute's counts; {@code start} is the minute's first instant. */
    record Minute(Instant start, long accepted, long delivered, long failed) {}

    /**
     * The minutes in {@code [from, to)} that saw any activity in these workspaces of the
     * organization, summed over them, oldest first. Minutes without activity are left out.
     */
    List<Minute> perMinute(UUID organizationId, Collection<UUID> workspaces, Instant from, Instant to);

    /** Forgets the minutes before {@code cutoff} (the history's retention); returns how many rows went. */
    int deleteBefore(Instant cutoff);
}
