package dev.openmeshes.core.model;

import java.util.List;
import java.util.function.Function;

/** One page of a list: the records, the limit applied and where the next page starts (null at the end). */
public record Page<T>(List<T> records, int limit, String nextCursor) {

    public Page {
        records = List.copyOf(records);
    }

    /** Builds a page from up to {@code limit + 1} rows: the extra row only proves there is a next page. */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, Cursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, limit, null);
        }
        List<T> page = rows.subList(0, limit);
        return new Page<>(page, limit, cursorOf.apply(page.getLast()).encode());
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(records.stream().map(mapper).toList(), limit, nextCursor);
    }
}
