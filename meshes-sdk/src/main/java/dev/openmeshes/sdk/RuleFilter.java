package dev.openmeshes.sdk;

/** Which rules to list; null fields do not filter. */
public record RuleFilter(String event, String resource, String resourceId) {

    public static final RuleFilter ANY = new RuleFilter(null, null, null);
}
