package dev.openmeshes.sdk;

import java.util.List;

/** One page of a list: its records, the page size applied, and the cursor of the next page (null at the end). */
public record Page<T>(List<T> records, int count, int limit, String nextCursor) {

    public Page {
        records = List.copyOf(records);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
