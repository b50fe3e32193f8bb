package dev.openmeshes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Conversions between domain values and the portable column types (text, epoch millis). */
final class Rows {

    private Rows() {}

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : UUID.fromString(value);
    }

    static String words(Collection<?> values) {
        return values == null ? null : values.stream().map(Object::toString).sorted().collect(Collectors.joining(" "));
    }

    static <T> Set<T> fromWords(String text, Function<String, T> parse) {
        if (text == null) {
            return null;
        }
        return text.isEmpty() ? Set.of() : Arrays.stream(text.split(" ")).map(parse).collect(Collectors.toSet());
    }
}
