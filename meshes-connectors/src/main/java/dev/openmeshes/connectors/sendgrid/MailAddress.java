package dev.openmeshes.connectors.sendgrid;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address of Mail Send ({@code {email, name?}}), read from what a rule or an event gives:
 * {@code hello@acme.example}, {@code Acme <hello@acme.example>} or {@code "Acme, Inc." <hello@acme.example>}.
 */
record MailAddress(String email, String name) {

    private static final Pattern NAMED = Pattern.compile("^(.*?)\\s*<([^<>]*)>$");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",]+@[^@\\s<>\",]+\\.[^@\\s<>\",]+");

    /** The address in {@code text}, or null when it holds none. */
    static MailAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        String name = null;
        Matcher named = NAMED.matcher(value);
        if (named.matches()) {
            name = unquote(named.group(1).strip());
            value = named.group(2).strip();
        }
        return EMAIL.matcher(value).matches() ? new MailAddress(value, name == null || name.isBlank() ? null : name) : null;
    }

    /** The address with a display name given apart (a recipient's mapped {@code name}). */
    MailAddress named(String displayName) {
        return displayName == null || displayName.isBlank() ? this : new MailAddress(email, displayName.strip());
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("email", email);
        if (name != null) {
            json.put("name", name);
        }
        return json;
    }

    private static String unquote(String name) {
        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1).replace("\\\"", "\"") : name;
    }
}
