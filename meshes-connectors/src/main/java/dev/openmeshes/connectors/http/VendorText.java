package dev.openmeshes.connectors.http;

/** A vendor's own words, kept in a delivery's message. */
public final class VendorText {

    private VendorText() {}

    /** The words on one line (runs of white space become one space), cut at {@code maxLength} with an ellipsis. */
    public static String shorten(String words, int maxLength) {
        String line = words.replaceAll("\\s+", " ").strip();
        return line.length() <= maxLength ? line : line.substring(0, maxLength) + "…";
    }
}
