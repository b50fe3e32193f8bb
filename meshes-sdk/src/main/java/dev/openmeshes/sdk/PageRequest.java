package dev.openmeshes.sdk;

/**
 * Which page to read: up to {@code limit} records (1–200; null for the server's 50) after
 * {@code cursor} (null for the first page).
 */
public record PageRequest(Integer limit, String cursor) {

    public static final PageRequest FIRST = new PageRequest(null, null);

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    public PageRequest after(String nextCursor) {
        return new PageRequest(limit, nextCursor);
    }
}
