package dev.openmeshes.connectors.salesforce;

/** SOQL string literals for values from events and rules: quoted, so no value can change a query. */
final class Soql {

    private Soql() {}

    /** {@code 'value'} with SOQL's escape sequences for backslash, quotes and control characters. */
    static String literal(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '\'' -> quoted.append("\\'");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                default -> quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }
}
