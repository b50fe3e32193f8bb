package dev.openmeshes.store;

import dev.openmeshes.core.store.Usage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Tables {@code usage_days} and {@code usage_rollups}, filled from {@code activity_minutes}. */
final class JdbcUsage implements Usage {

    private static final long DAY = 86_400_000;
    /** Later than any event's day. */
    private static final LocalDate END_OF_TIME = LocalDate.of(9999, 12, 31);

    private static final String ROLL_UP = """
            INSERT INTO usage_days (organization_id, day, accepted, delivered, failed)
            SELECT organization_id, :day, SUM(accepted), SUM(delivered), SUM(failed)
            FROM activity_minutes WHERE minute >= :day AND minute < :next
            GROUP BY organization_id
            ON CONFLICT (organization_id, day) DO UPDATE SET
                accepted = excluded.accepted, delivered = excluded.delivered, failed = excluded.failed""";

    private final JdbcStore.Sql sql;

    JdbcUsage(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void rollUp(LocalDate day) {
        long start = millis(day);
        sql.inTransaction(h -> {
            h.createUpdate(ROLL_UP).bind("day", start).bind("next", start + DAY).execute();
            return h.createUpdate("INSERT INTO usage_rollups (day) VALUES (?) ON CONFLICT (day) DO NOTHING")
                    .bind(0, start).execute();
        });
    }

    @Override
    public Optional<LocalDate> lastRolledUp() {
        return sql.with(JdbcUsage::lastRolledUp);
    }

    @Override
    public Optional<LocalDate> firstDayOfMinutes() {
        return sql.with(h -> h.createQuery("SELECT MIN(minute) FROM activity_minutes").mapTo(Long.class).findOne()
                .map(minute -> LocalDate.ofEpochDay(Math.floorDiv(minute, DAY))));
    }

    @Override
    public List<Day> perDay(UUID organizationId, LocalDate from, LocalDate to) {
        String org = organizationId.toString();
        return sql.with(h -> {
            long boundary = lastRolledUp(h).map(last -> millis(last) + DAY).orElse(Long.MIN_VALUE);
            List<Day> days = new ArrayList<>(h.createQuery("""
                            SELECT day, accepted, delivered, failed FROM usage_days
                            WHERE organization_id = :org AND day >= :from AND day < :to ORDER BY day""")
                    .bind("org", org).bind("from", millis(from)).bind("to", Math.min(millis(to), boundary))
                    .map((rs, ctx) -> new Day(LocalDate.ofEpochDay(rs.getLong("day") / DAY), rs.getLong("accepted"),
                            rs.getLong("delivered"), rs.getLong("failed")))
                    .list());
            days.addAll(h.createQuery("""
                            SELECT minute / 86400000 AS epoch_day, SUM(accepted) AS accepted, SUM(delivered) AS delivered,
                                SUM(failed) AS failed
                            FROM activity_minutes
                            WHERE organization_id = :org AND minute >= :from AND minute < :to
                            GROUP BY minute / 86400000 ORDER BY epoch_day""")
                    .bind("org", org).bind("from", Math.max(millis(from), boundary)).bind("to", millis(to))
                    .map((rs, ctx) -> new Day(LocalDate.ofEpochDay(rs.getLong("epoch_day")), rs.getLong("accepted"),
                            rs.getLong("delivered"), rs.getLong("failed")))
                    .list());
            return days;
        });
    }

    @Override
    public long acceptedSince(UUID organizationId, LocalDate from) {
        return perDay(organizationId, from, END_OF_TIME).stream().mapToLong(Day::accepted).sum();
    }

    @Override
    public int deleteBefore(LocalDate cutoff) {
        long before = millis(cutoff);
        return sql.inTransaction(h -> {
            h.createUpdate("DELETE FROM usage_rollups WHERE day < ?").bind(0, before).execute();
            return h.createUpdate("DELETE FROM usage_days WHERE day < ?").bind(0, before).execute();
        });
    }

    private static Optional<LocalDate> lastRolledUp(Handle h) {
        return h.createQuery("SELECT MAX(day) FROM usage_rollups").mapTo(Long.class).findOne()
                .map(day -> LocalDate.ofEpochDay(day / DAY));
    }

    private static long millis(LocalDate day) {
        return day.toEpochDay() * DAY;
    }
}
