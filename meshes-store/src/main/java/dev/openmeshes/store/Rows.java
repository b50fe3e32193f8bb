package dev.openmeshes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** Conversions between domain values and the portable column types (text, epoch millis). */
final class Rows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Rows() {}

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(String text) {
        return JSON.readValue(text, Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> jsonStrings(String text) {
        return JSON.readValue(text, Map.class);
    }

    static UUID uuidOrNull(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static void setMillis(java.sql.PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, instant.toEpochMilli());
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
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
