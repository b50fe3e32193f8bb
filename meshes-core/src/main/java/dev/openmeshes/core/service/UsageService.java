package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.store.Store;
import dev.openmeshes.core.store.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An organization's usage per month and day (events accepted, deliveries delivered and finally
 * failed), and the housekeeping that keeps it: finished days rolled up from the activity minutes
 * before those are pruned, the rolled-up days kept for {@link #MONTHS_KEPT} months.
 */
public final class UsageService {

    /** Months of usage kept, and the most one answer spans. */
    public static final int MONTHS_KEPT = 13;

    /** One month's totals and its days with any activity. */
    public record Month(YearMonth month, long accepted, long delivered, long failed, List<Usage.Day> days) {}

    /** The months asked for, oldest first, each listed even without activity. */
    public record Report(Organization organization, List<Month> months) {}

    private final Store store;

    public UsageService(Store store) {
        this.store = store;
    }

    /** A customer organization's (or a tombstone's) usage in the months {@code from} to {@code to}, both included. */
    public Report report(UUID organizationId, YearMonth from, YearMonth to) {
        Organization organization = store.organizations().find(organizationId).filter(o -> !o.isOperators())
                .orElseThrow(() -> Problem.notFound("Organization"));
        List<Usage.Day> days = store.usage().perDay(organizationId, from.atDay(1), to.plusMonths(1).atDay(1));
        List<Month> months = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            YearMonth current = month;
            List<Usage.Day> in = days.stream().filter(d -> YearMonth.from(d.day()).equals(current)).toList();
            months.add(new Month(month, in.stream().mapToLong(Usage.Day::accepted).sum(),
                    in.stream().mapToLong(Usage.Day::delivered).sum(), in.stream().mapToLong(Usage.Day::failed).sum(), in));
        }
        return new Report(organization, months);
    }

    /**
     * Rolls up every finished day not rolled up yet, and the last one again (a transaction that
     * read the clock just before midnight may commit just after the day was rolled up); then prunes
     * the minutes past {@code minuteRetention}, whole days only and never a day not rolled up or
     * rolled up for the last time, and the rolled-up days past {@link #MONTHS_KEPT} months.
     */
    public void rollUpAndPrune(Instant now, Duration minuteRetention) {
        Usage usage = store.usage();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Optional<LocalDate> start = usage.lastRolledUp().or(usage::firstDayOfMinutes);
        for (LocalDate day = start.orElse(today); day.isBefore(today); day = day.plusDays(1)) {
            usage.rollUp(day);
        }
        LocalDate pruneBefore = LocalDate.ofInstant(now.minus(minuteRetention), ZoneOffset.UTC);
        Optional<LocalDate> last = usage.lastRolledUp();
        if (last.isPresent() && last.get().isBefore(pruneBefore)) {
            pruneBefore = last.get();
        }
        store.activity().deleteBefore(pruneBefore.atStartOfDay(ZoneOffset.UTC).toInstant());
        usage.deleteBefore(YearMonth.from(today).minusMonths(MONTHS_KEPT - 1).atDay(1));
    }
}
