package dev.openmeshes.core.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Each organization's counts per UTC day, for usage and quotas: the days rolled up from the
 * {@link Activity} minutes into a table of their own, kept long after the minutes, and the days
 * after the last rolled up read from the minutes themselves. Nothing here is written per event.
 */
public interface Usage {

    /** One day's counts of one organization. */
    record Day(LocalDate day, long accepted, long delivered, long failed) {}

    /**
     * Recomputes every organization's counts of {@code day} from its minutes and replaces what was
     * rolled up for it before, in one transaction: rolling a day up again, or on two nodes, changes
     * nothing. Only a day whose minutes are all still there gives the right counts.
     */
    void rollUp(LocalDate day);

    /** The last day rolled up, if any. */
    Optional<LocalDate> lastRolledUp();

    /** The first day with minutes still kept, if any. */
    Optional<LocalDate> firstDayOfMinutes();

    /**
     * The organization's days in {@code [from, to)} that saw any activity, oldest first: rolled-up
     * counts up to the last day rolled up, counts summed from the minutes after it.
     */
    List<Day> perDay(UUID organizationId, LocalDate from, LocalDate to);

    /** Events the organization accepted from {@code from} on, as {@link #perDay} counts them. */
    long acceptedSince(UUID organizationId, LocalDate from);

    /** Forgets the rolled-up days before {@code cutoff}; returns how many rows went. */
    int deleteBefore(LocalDate cutoff);
}
