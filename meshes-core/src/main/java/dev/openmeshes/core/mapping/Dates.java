package dev.openmeshes.core.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * The moment a payload value names: an ISO date ({@code 2024-05-01}, midnight), an ISO date-time
 * with an offset or zone ({@code 2024-05-01T10:00:00+02:00}, {@code ...Z}, {@code ...[Europe/Paris]}),
 * a zone-less one ({@code 2024-05-01T10:00:00}, or with a space for the T), or epoch milliseconds.
 * Zone-less inputs are read in the given zone. Years outside 0001–9999 are refused: vendors do.
 */
final class Dates {

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Dates() {}

    /** {@code yyyy-MM-dd}: the calendar date of the moment in the zone. */
    static String date(Object value, ZoneId zone, String transform) {
        return moment(value, zone, transform).withZoneSameInstant(zone).toLocalDate().toString();
    }

    /** An ISO-8601 instant in UTC. */
    static String datetime(Object value, ZoneId zone, String transform) {
        return moment(value, zone, transform).toInstant().toString();
    }

    private static ZonedDateTime moment(Object value, ZoneId zone, String transform) {
        ZonedDateTime moment = switch (value) {
            case String text -> parse(text.strip(), zone, transform);
            case Number number -> {
                Long millis = Numbers.whole(number);
                if (millis == null) {
                    throw new CannotApply(transform + ": " + CannotApply.describe(value) + " is not whole epoch milliseconds");
                }
                yield Instant.ofEpochMilli(millis).atZone(zone);
            }
            default -> throw new CannotApply(transform + ": " + CannotApply.describe(value) + " is not a date");
        };
        Instant instant = moment.toInstant();
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new CannotApply(transform + ": " + CannotApply.describe(value) + " is outside the years 0001 to 9999");
        }
        return moment;
    }

    private static ZonedDateTime parse(String text, ZoneId zone, String transform) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone);
            }
            String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof LocalDateTime local ? local.atZone(zone) : (ZonedDateTime) parsed;
        } catch (DateTimeException e) {
            throw new CannotApply(transform + ": " + CannotApply.describe(text) + " is not an ISO date or date-time");
        }
    }

    static ZoneId orUtc(ZoneId zone) {
        return zone == null ? ZoneOffset.UTC : zone;
    }
}
