package dev.openmeshes.server.api;

import dev.openmeshes.core.service.UsageService;
import dev.openmeshes.core.store.Usage;
import java.util.List;
import java.util.UUID;

/**
 * The usage answer: the organization's current quota, and per month (oldest first, every month
 * asked for) its totals and the days that saw any activity.
 */
final class UsageViews {

    private UsageViews() {}

    record Report(UUID organizationId, Long monthlyEventQuota, List<Month> months) {

        static Report of(UsageService.Report report) {
            return new Report(report.organization().id(), report.organization().limits().monthlyEventQuota(),
                    report.months().stream().map(Month::of).toList());
        }
    }

    record Month(String month, long accepted, long delivered, long failed, List<Day> days) {

        static Month of(UsageService.Month m) {
            return new Month(m.month().toString(), m.accepted(), m.delivered(), m.failed(),
                    m.days().stream().map(Day::of).toList());
        }
    }

    record Day(String day, long accepted, long delivered, long failed) {

        static Day of(Usage.Day d) {
            return new Day(d.day().toString(), d.accepted(), d.delivered(), d.failed());
        }
    }
}
