package dev.openmeshes.core.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;

/** JSON numbers as decoded (Integer, Long, BigInteger, Double, BigDecimal…), read exactly. */
final class Numbers {

    private Numbers() {}

    /** The value of a whole number that fits a long (2.0 counts), else null: 2.5, "2", 1e30. */
    static Long whole(Object value) {
        return switch (value) {
            case Integer i -> (long) i;
            case Long l -> l;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger big -> big.bitLength() < 64 ? big.longValue() : null;
            case BigDecimal decimal -> {
                try {
                    yield decimal.longValueExact(); // refuses fractions and huge exponents without expanding them
                } catch (ArithmeticException e) {
                    yield null;
                }
            }
            case Double d -> wholeDouble(d);
            case Float f -> wholeDouble(f.doubleValue());
            case null, default -> null;
        };
    }

    private static Long wholeDouble(double d) {
        return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
    }

    /**
     * The JSON text of a number, integral ones without {@code .0} ({@code 3.0} → {@code 3}); plain
     * digits up to 21 of them, scientific beyond (as JavaScript prints numbers).
     */
    static String text(Number number) {
        BigDecimal decimal = switch (number) {
            case Integer _, Long _, Short _, Byte _, BigInteger _ -> null;
            case BigDecimal d -> d;
            case Float f when Float.isFinite(f) -> new BigDecimal(Float.toString(f));
            case Double d when Double.isFinite(d) -> new BigDecimal(Double.toString(d));
            default -> null;
        };
        if (decimal == null) {
            return number.toString();
        }
        decimal = decimal.stripTrailingZeros();
        boolean plain = decimal.scale() <= 20 && decimal.precision() - decimal.scale() <= 21;
        return plain ? decimal.toPlainString() : decimal.toString();
    }
}
