package dev.openmeshes.core.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What each {@link Transform} does to a value; {@link CannotApply} when it cannot. */
final class Conversions {

    /** Decimal notation only: no hex, no NaN, no Infinity, no thousands separators. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");

    private Conversions() {}

    static Object applyAll(List<Transform> transforms, Object value) {
        for (Transform transform : transforms) {
            value = apply(transform, value);
        }
        return value;
    }

    static Object apply(Transform transform, Object value) {
        if (value == null) {
            return transform instanceof Transform.Default fallback ? fallback.value() : null;
        }
        return switch (transform) {
            case Transform.ToString _ -> toText(value);
            case Transform.ToNumber _ -> number(value);
            case Transform.ToBoolean _ -> bool(value);
            case Transform.ToDate date -> Dates.date(value, Dates.orUtc(date.timezone()), date.type());
            case Transform.ToDatetime datetime -> Dates.datetime(value, Dates.orUtc(datetime.timezone()), datetime.type());
            case Transform.Default _ -> value;
            case Transform.Trim trim -> string(value, trim).strip();
            case Transform.Lower lower -> string(value, lower).toLowerCase(Locale.ROOT);
            case Transform.Upper upper -> string(value, upper).toUpperCase(Locale.ROOT);
            case Transform.Substring substring -> substring(string(value, substring), substring);
        };
    }

    private static String toText(Object value) {
        try {
            return JsonText.of(value);
        } catch (CannotApply e) {
            throw new CannotApply("to_string: " + e.getMessage());
        }
    }

    private static String string(Object value, Transform transform) {
        if (value instanceof String text) {
            return text;
        }
        throw new CannotApply(transform.type() + ": expects a string, got " + CannotApply.describe(value));
    }

    private static Object number(Object value) {
        return switch (value) {
            case Number number -> number;
            case Boolean b -> b ? 1 : 0;
            case String text -> parseNumber(text.strip(), text);
            default -> throw new CannotApply("to_number: " + CannotApply.describe(value) + " is not a number");
        };
    }

    /** A whole number as the smallest of Integer and Long that holds it (as JSON decodes it), else a Double. */
    private static Number parseNumber(String text, String original) {
        if (text.length() > 64 || !DECIMAL.matcher(text).matches()) {
            throw new CannotApply("to_number: " + CannotApply.describe(original) + " is not a number");
        }
        BigDecimal decimal = new BigDecimal(text);
        try {
            long whole = decimal.longValueExact();
            return whole == (int) whole ? (Number) (int) whole : (Number) whole;
        } catch (ArithmeticException notWholeOrTooBig) {
            double d = decimal.doubleValue();
            if (Double.isInfinite(d)) {
                throw new CannotApply("to_number: " + CannotApply.describe(original) + " is too large a number");
            }
            return d;
        }
    }

    private static Boolean bool(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case Number number when Long.valueOf(1).equals(Numbers.whole(number)) -> true;
            case Number number when Long.valueOf(0).equals(Numbers.whole(number)) -> false;
            case String text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new CannotApply("to_boolean: " + CannotApply.describe(value) + " is not a boolean");
            };
            default -> throw new CannotApply("to_boolean: " + CannotApply.describe(value) + " is not a boolean");
        };
    }

    private static String substring(String text, Transform.Substring substring) {
        int codePoints = text.codePointCount(0, text.length());
        if (substring.start() >= codePoints) {
            return "";
        }
        int begin = text.offsetByCodePoints(0, substring.start());
        int available = codePoints - substring.start();
        int take = substring.length() == null ? available : Math.min(available, substring.length());
        return text.substring(begin, text.offsetByCodePoints(begin, take));
    }
}
