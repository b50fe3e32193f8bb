package dev.openmeshes.server.api;

import dev.openmeshes.core.model.Page;
import java.util.List;

/** The list envelope of the Meshes API: {@code {records, count, limit, next_cursor}}. */
record Envelope<T>(List<T> records, int count, int limit, String nextCursor) {

    /** A complete, unpaged list and no next page; paged lists use {@link #of}, whose limit is the page size applied. */
    static <T> Envelope<T> all(List<T> records) {
        return new Envelope<>(records, records.size(), records.size(), null);
    }

    static <T> Envelope<T> of(Page<T> page) {
        return new Envelope<>(page.records(), page.records().size(), page.limit(), page.nextCursor());
    }
}
