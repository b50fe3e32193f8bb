package dev.openmeshes.core.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rule templates such as {@code "Welcome {{ user.name }}"} (§5.4): each {@code {{path}}} becomes
 * the payload value at that path. Rendering is one pass: a payload value that itself looks like
 * a template is written as it is, never rendered in turn.
 */
public final class Templates {

    /** Room for the longest payload path and generous spaces around it. */
    private static final int MAX_PLACEHOLDER = 256;

    private Templates() {}

    /**
     * Missing values render as the empty string, strings as they are, anything else as its JSON
     * text (integral numbers without {@code .0}). {@code {{} without a closing {@code }}}, and a
     * placeholder that is not a payload path ({@code {{ }}}, {@code {{#if}}}, more than 256
     * characters between the braces), are left as written.
     */
    public static String render(String template, Map<String, ?> payload) {
        return render(template, payload, UnaryOperator.identity());
    }

    /** As {@link #render(String, Map)}, each inserted value passed through {@code escape} (the template's own text is not). */
    public static String render(String template, Map<String, ?> payload, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder(template.length());
        int from = 0;
        int close = -1; // reused while it lies ahead: a run of unclosed "{{" stays one linear pass
        while (true) {
            int open = template.indexOf("{{", from);
            if (open < 0) {
                break;
            }
            if (close < open + 2) {
                close = template.indexOf("}}", open + 2);
            }
            if (close < 0) {
                break;
            }
            // measured before it is cut out: under many "{{" that one far "}}" closes, cutting each is quadratic
            String path = close - open - 2 <= MAX_PLACEHOLDER ? template.substring(open + 2, close).strip() : "";
            out.append(template, from, open);
            if (PayloadPath.isValid(path)) {
                Object value = payload == null ? null : PayloadPath.resolve(payload, path);
                out.append(escape.apply(text(value)));
                from = close + 2;
            } else {
                out.append("{{");
                from = open + 2;
            }
        }
        return out.append(template, from, template.length()).toString();
    }

    /** Empty for a missing value, and for one too deeply nested to write (a template is no place to fail). */
    private static String text(Object value) {
        try {
            return value == null ? "" : JsonText.of(value);
        } catch (CannotApply e) {
            return "";
        }
    }

    /** Text as HTML shows it literally: the five characters that could open markup or end an attribute, escaped. */
    public static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A copy of the metadata with every string value rendered, in nested objects and arrays too. */
    public static Map<String, Object> renderAll(Map<String, ?> metadata, Map<String, ?> payload) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        metadata.forEach((key, value) -> rendered.put(key, renderValue(value, payload)));
        return rendered;
    }

    private static Object renderValue(Object value, Map<String, ?> payload) {
        return switch (value) {
            case String text -> render(text, payload);
            case Map<?, ?> object -> {
                Map<Object, Object> rendered = new LinkedHashMap<>();
                object.forEach((key, nested) -> rendered.put(key, renderValue(nested, payload)));
                yield rendered;
            }
            case List<?> array -> {
                List<Object> rendered = new ArrayList<>(array.size());
                array.forEach(element -> rendered.add(renderValue(element, payload)));
                yield rendered;
            }
            case null, default -> value;
        };
    }
}
