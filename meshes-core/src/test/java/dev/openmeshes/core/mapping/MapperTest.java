package dev.openmeshes.core.mapping;

import static dev.openmeshes.core.mapping.JsonInput.json;
import static dev.openmeshes.core.mapping.JsonInput.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Applying a mapping to a payload: sources, transforms in order, and what a failing field does. */
class MapperTest {

    static final Map<String, Object> PAYLOAD = object("""
            {"email": "  Ada@Example.COM ", "first_name": "Ada", "plan": "pro", "seats": 12, "ratio": 0.5,
             "big": 123456789012345678901234567890, "active": true, "nothing": null,
             "user": {"name": "Ada Lovelace", "address": {"city": "London"}},
             "items": [{"sku": "A-1"}, {"sku": "B-2"}], "tags": ["vip", "beta"],
             "signed_up": "2024-05-01T23:30:00-05:00", "signed_up_ms": 1714608000000}""");

    @Test
    void pathSourcesWalkNestedObjectsAndLiteralsAreTakenAsTheyAre() {
        MappingResult result = map(PAYLOAD,
                field("name", path("user.name")),
                field("city", path("user.address.city")),
                field("plan", path("plan")),
                field("lifecyclestage", new Source.Literal("lead")),
                field("score", new Source.Literal(3)),
                field("opted_in", new Source.Literal(false)));

        assertThat(result.values()).containsExactly(Map.entry("name", "Ada Lovelace"), Map.entry("city", "London"),
                Map.entry("plan", "pro"), Map.entry("lifecyclestage", "lead"), Map.entry("score", 3),
                Map.entry("opted_in", false));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void valuesFollowTheSchemaOrderNotThePayloadOrder() {
        MappingResult result = map(PAYLOAD, field("z", path("seats")), field("a", path("plan")), field("m", path("email")));

        assertThat(result.values().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void everyJsonTypeOfThePayloadPassesThroughUnchangedWithoutTransforms() {
        MappingResult result = map(PAYLOAD, field("seats", path("seats")), field("ratio", path("ratio")),
                field("big", path("big")), field("active", path("active")), field("user", path("user")),
                field("tags", path("tags")), field("email", path("email")));

        assertThat(result.values()).containsExactly(Map.entry("seats", 12), Map.entry("ratio", 0.5),
                Map.entry("big", new BigInteger("123456789012345678901234567890")), Map.entry("active", true),
                Map.entry("user", PAYLOAD.get("user")), Map.entry("tags", List.of("vip", "beta")),
                Map.entry("email", "  Ada@Example.COM "));
    }

    @Test
    void aMissingPathOrANullValueLeavesTheFieldOutAndADefaultCanSupplyOne() {
        MappingResult result = map(PAYLOAD,
                field("phone", path("phone")),
                field("nothing", path("nothing")),
                field("deep", path("user.address.zip.code")),
                field("literal_null", new Source.Literal(null)),
                field("plan", path("plan_name"), new Transform.Default("free")),
                field("seats", path("nothing"), new Transform.Default(1)),
                field("city", path("user.address.city"), new Transform.Default("Paris")));

        assertThat(result.values()).containsExactly(Map.entry("plan", "free"), Map.entry("seats", 1), Map.entry("city", "London"));
        assertThat(result.warnings()).as("a null value is not an error").isEmpty();
    }

    @Test
    void arraysInPathsAreIndexedByNumberAndAnythingElseFindsNothing() {
        MappingResult result = map(PAYLOAD,
                field("first_sku", path("items.0.sku")),
                field("second_sku", path("items.1.sku")),
                field("first_tag", path("tags.0")),
                field("past_the_end", path("items.2.sku")),
                field("named_step_into_array", path("items.sku")),
                field("huge_index", path("items.99999999999")),
                field("step_into_a_string", path("plan.length")),
                field("step_into_a_number", path("seats.0")),
                field("digits_as_object_key", path("user.0")));

        assertThat(result.values()).containsExactly(Map.entry("first_sku", "A-1"), Map.entry("second_sku", "B-2"),
                Map.entry("first_tag", "vip"));
    }

    @Test
    void aPathAsDeepAsTheLimitAllowsIsFollowedToTheEnd() {
        Map<String, Object> payload = new HashMap<>();
        Map<String, Object> node = payload;
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 63; i++) {
            Map<String, Object> child = new HashMap<>();
            node.put("a", child);
            node = child;
            steps.add("a");
        }
        node.put("b", "bottom");
        steps.add("b");
        String deepest = String.join(".", steps);

        assertThat(deepest).hasSizeLessThanOrEqualTo(128);
        assertThat(map(payload, field("deep", path(deepest))).values()).containsExactly(Map.entry("deep", "bottom"));
    }

    @Test
    void aNullOrEmptyPayloadMapsOnlyLiteralsAndDefaults() {
        MappingSchema schema = schema(field("email", path("email")), field("source", new Source.Literal("meshes")),
                field("plan", path("plan"), new Transform.Default("free")));

        assertThat(Mapper.apply(schema, null).values()).containsExactly(Map.entry("source", "meshes"), Map.entry("plan", "free"));
        assertThat(Mapper.apply(schema, Map.of()).values()).containsExactly(Map.entry("source", "meshes"), Map.entry("plan", "free"));
    }

    @Test
    void transformsApplyInTheOrderGiven() {
        MappingResult result = map(PAYLOAD,
                field("email", path("email"), new Transform.Trim(), new Transform.Lower()),
                field("code", path("email"), new Transform.Trim(), new Transform.Upper(), new Transform.Substring(0, 3)),
                field("untrimmed_code", path("email"), new Transform.Substring(0, 3), new Transform.Trim()),
                field("seats_text", path("seats"), new Transform.ToString(), new Transform.Substring(1, null)),
                field("fallback_then_number", path("missing"), new Transform.Default("42"), new Transform.ToNumber()));

        assertThat(result.values()).containsExactly(Map.entry("email", "ada@example.com"), Map.entry("code", "ADA"),
                Map.entry("untrimmed_code", "A"), Map.entry("seats_text", "2"), Map.entry("fallback_then_number", 42));
    }

    /** Each case: the input (as JSON), the transform (as JSON) and the value it gives (as JSON). */
    @ParameterizedTest(name = "{1} of {0} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            "abc"                       | {"type": "to_string"}                          | "abc"
            12                          | {"type": "to_string"}                          | "12"
            12.0                        | {"type": "to_string"}                          | "12"
            0.1                         | {"type": "to_string"}                          | "0.1"
            1e21                        | {"type": "to_string"}                          | "1E+21"
            123456789012345678901234567890 | {"type": "to_string"}                       | "123456789012345678901234567890"
            true                        | {"type": "to_string"}                          | "true"
            {"a": [1, "x"]}             | {"type": "to_string"}                          | "{\\"a\\":[1,\\"x\\"]}"
            ["x", null]                 | {"type": "to_string"}                          | "[\\"x\\",null]"
            "42"                        | {"type": "to_number"}                          | 42
            " -42 "                     | {"type": "to_number"}                          | -42
            "3.25"                      | {"type": "to_number"}                          | 3.25
            "1e3"                       | {"type": "to_number"}                          | 1000
            "+.5"                       | {"type": "to_number"}                          | 0.5
            "12345678901234567890"      | {"type": "to_number"}                          | 1.2345678901234567E19
            "9000000000"                | {"type": "to_number"}                          | 9000000000
            7.5                         | {"type": "to_number"}                          | 7.5
            true                        | {"type": "to_number"}                          | 1
            false                       | {"type": "to_number"}                          | 0
            true                        | {"type": "to_boolean"}                         | true
            "TRUE"                      | {"type": "to_boolean"}                         | true
            " yes "                     | {"type": "to_boolean"}                         | true
            "on"                        | {"type": "to_boolean"}                         | true
            "1"                         | {"type": "to_boolean"}                         | true
            "No"                        | {"type": "to_boolean"}                         | false
            "off"                       | {"type": "to_boolean"}                         | false
            "0"                         | {"type": "to_boolean"}                         | false
            1                           | {"type": "to_boolean"}                         | true
            0.0                         | {"type": "to_boolean"}                         | false
            "2024-05-01"                | {"type": "to_date"}                            | "2024-05-01"
            " 2024-05-01 "              | {"type": "to_date"}                            | "2024-05-01"
            "2024-05-01T23:30:00-05:00" | {"type": "to_date"}                            | "2024-05-02"
            "2024-05-01T23:30:00-05:00" | {"type": "to_date", "timezone": "America/Chicago"} | "2024-05-01"
            "2024-05-01T23:30:00-05:00" | {"type": "to_date", "timezone": "America/New_York"} | "2024-05-02"
            "2024-05-01T23:30:00"       | {"type": "to_date", "timezone": "Asia/Tokyo"}  | "2024-05-01"
            "2024-05-01 23:30:00"       | {"type": "to_date"}                            | "2024-05-01"
            "2024-05-01T12:00:00Z[Europe/Paris]" | {"type": "to_date"}                   | "2024-05-01"
            1714608000000               | {"type": "to_date"}                            | "2024-05-02"
            1714608000000               | {"type": "to_date", "timezone": "America/Los_Angeles"} | "2024-05-01"
            0                           | {"type": "to_date"}                            | "1970-01-01"
            -86400000                   | {"type": "to_date"}                            | "1969-12-31"
            "2024-05-01"                | {"type": "to_datetime"}                        | "2024-05-01T00:00:00Z"
            "2024-05-01"                | {"type": "to_datetime", "timezone": "Europe/Paris"} | "2024-04-30T22:00:00Z"
            "2024-05-01T10:00:00+02:00" | {"type": "to_datetime"}                        | "2024-05-01T08:00:00Z"
            "2024-05-01T10:00:00+02:00" | {"type": "to_datetime", "timezone": "Asia/Tokyo"} | "2024-05-01T08:00:00Z"
            "2024-05-01T10:00:00.123Z"  | {"type": "to_datetime"}                        | "2024-05-01T10:00:00.123Z"
            "2024-05-01T10:00:00"       | {"type": "to_datetime"}                        | "2024-05-01T10:00:00Z"
            "2024-05-01T10:00"          | {"type": "to_datetime", "timezone": "-03:00"}  | "2024-05-01T13:00:00Z"
            "2024-01-15T10:00:00"       | {"type": "to_datetime", "timezone": "Europe/Paris"} | "2024-01-15T09:00:00Z"
            "2024-07-15T10:00:00"       | {"type": "to_datetime", "timezone": "Europe/Paris"} | "2024-07-15T08:00:00Z"
            1714608000123               | {"type": "to_datetime"}                        | "2024-05-02T00:00:00.123Z"
            "  padded  "                | {"type": "trim"}                               | "padded"
            "\\u00a0\\u2003wide\\t\\n"  | {"type": "trim"}                               | "\\u00a0\\u2003wide"
            "ÉCOLE Straße"              | {"type": "lower"}                              | "école straße"
            "istanbul"                  | {"type": "upper"}                              | "ISTANBUL"
            "straße"                    | {"type": "upper"}                              | "STRASSE"
            "abcdef"                    | {"type": "substring", "start": 2}              | "cdef"
            "abcdef"                    | {"type": "substring", "start": 1, "length": 3} | "bcd"
            "abcdef"                    | {"type": "substring", "start": 4, "length": 100} | "ef"
            "abcdef"                    | {"type": "substring", "start": 6}              | ""
            "abcdef"                    | {"type": "substring", "start": 2147483647}     | ""
            "😀a😀b"                    | {"type": "substring", "start": 1, "length": 2} | "a😀"
            null                        | {"type": "default", "value": "x"}              | "x"
            "kept"                      | {"type": "default", "value": "x"}              | "kept"
            ""                          | {"type": "default", "value": "x"}              | ""
            false                       | {"type": "default", "value": true}             | false
            """)
    void eachTransformConvertsWhatItCan(String input, String transform, String expected) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("value", json(input));

        MappingResult result = Mapper.apply(schemaWith(transform, OnError.FAIL_ACTION), payload);

        assertThat(result.failure()).as("failure of %s on %s", transform, input).isNull();
        assertThat(result.values()).as("%s of %s", transform, input).containsExactly(Map.entry("out", json(expected)));
    }

    /** Each case: the input (as JSON), the transform (as JSON) and the reason the failure gives. */
    @ParameterizedTest(name = "{1} cannot apply to {0}")
    @CsvSource(delimiter = '|', textBlock = """
            "abc"                 | {"type": "to_number"}   | to_number: "abc" is not a number
            ""                    | {"type": "to_number"}   | to_number: "" is not a number
            "0x1F"                | {"type": "to_number"}   | to_number: "0x1F" is not a number
            "NaN"                 | {"type": "to_number"}   | to_number: "NaN" is not a number
            "Infinity"            | {"type": "to_number"}   | to_number: "Infinity" is not a number
            "1,000"               | {"type": "to_number"}   | to_number: "1,000" is not a number
            "1e9999"              | {"type": "to_number"}   | to_number: "1e9999" is too large a number
            "1e99999"             | {"type": "to_number"}   | to_number: "1e99999" is not a number
            {"n": 1}              | {"type": "to_number"}   | to_number: an object is not a number
            [1]                   | {"type": "to_number"}   | to_number: an array is not a number
            "maybe"               | {"type": "to_boolean"}  | to_boolean: "maybe" is not a boolean
            2                     | {"type": "to_boolean"}  | to_boolean: the number 2 is not a boolean
            0.5                   | {"type": "to_boolean"}  | to_boolean: the number 0.5 is not a boolean
            []                    | {"type": "to_boolean"}  | to_boolean: an array is not a boolean
            "garbage"             | {"type": "to_date"}     | to_date: "garbage" is not an ISO date or date-time
            "2024-13-01"          | {"type": "to_date"}     | to_date: "2024-13-01" is not an ISO date or date-time
            "2024-02-30"          | {"type": "to_date"}     | to_date: "2024-02-30" is not an ISO date or date-time
            "01/05/2024"          | {"type": "to_date"}     | to_date: "01/05/2024" is not an ISO date or date-time
            ""                    | {"type": "to_date"}     | to_date: "" is not an ISO date or date-time
            true                  | {"type": "to_date"}     | to_date: the boolean true is not a date
            {"y": 2024}           | {"type": "to_date"}     | to_date: an object is not a date
            1.5                   | {"type": "to_date"}     | to_date: the number 1.5 is not whole epoch milliseconds
            1e30                  | {"type": "to_datetime"} | to_datetime: the number 1E+30 is not whole epoch milliseconds
            9223372036854775807   | {"type": "to_datetime"} | to_datetime: the number 9223372036854775807 is outside the years 0001 to 9999
            "+10000-01-01"        | {"type": "to_datetime"} | to_datetime: "+10000-01-01" is not an ISO date or date-time
            "+10000-01-01T00:00:00Z" | {"type": "to_datetime"} | to_datetime: "+10000-01-01T00:00:00Z" is outside the years 0001 to 9999
            12                    | {"type": "trim"}        | trim: expects a string, got the number 12
            true                  | {"type": "lower"}       | lower: expects a string, got the boolean true
            ["a"]                 | {"type": "upper"}       | upper: expects a string, got an array
            {"s": "abc"}          | {"type": "substring", "start": 0} | substring: expects a string, got an object
            12345                 | {"type": "substring", "start": 0, "length": 2} | substring: expects a string, got the number 12345
            """)
    void aTransformThatCannotApplyFailsItsFieldWithTheReason(String input, String transform, String reason) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("value", json(input));

        MappingResult result = Mapper.apply(schemaWith(transform, OnError.FAIL_ACTION), payload);

        assertThat(result.failure()).as("%s on %s", transform, input).isEqualTo("out: " + reason);
    }

    @Test
    void aFailedSkipFieldIsDroppedSilently() {
        MappingResult result = map(PAYLOAD, field("seats", path("plan"), new Transform.ToNumber()),
                field("plan", path("plan")));

        assertThat(result.values()).containsExactly(Map.entry("plan", "pro"));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.failure()).isNull();
    }

    @Test
    void aFailedWarnActionIsDroppedWithAWarningNamingDestAndReason() {
        MappingResult result = map(PAYLOAD,
                field("seats", path("plan"), new Transform.ToNumber()).withOnError(OnError.WARN_ACTION),
                field("signup", path("first_name"), new Transform.ToDate(null)).withOnError(OnError.WARN_ACTION),
                field("plan", path("plan")));

        assertThat(result.values()).containsExactly(Map.entry("plan", "pro"));
        assertThat(result.warnings()).containsExactly("seats: to_number: \"pro\" is not a number",
                "signup: to_date: \"Ada\" is not an ISO date or date-time");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void aFailedFailActionFailsTheWholeResultWithNoValuesButKeepsEarlierWarnings() {
        MappingResult result = map(PAYLOAD,
                field("plan", path("plan")),
                field("seats", path("plan"), new Transform.ToNumber()).withOnError(OnError.WARN_ACTION),
                field("email", path("seats"), new Transform.Lower()).withOnError(OnError.FAIL_ACTION),
                field("later", path("user"), new Transform.Trim()).withOnError(OnError.FAIL_ACTION));

        assertThat(result.failed()).isTrue();
        assertThat(result.failure()).as("the first failing fail_action field").isEqualTo("email: lower: expects a string, got the number 12");
        assertThat(result.values()).as("nothing is to be written").isEmpty();
        assertThat(result.warnings()).containsExactly("seats: to_number: \"pro\" is not a number");
    }

    @Test
    void aFailActionFieldWhoseValueIsMissingIsNotAFailure() {
        MappingResult result = map(PAYLOAD, field("phone", path("phone"), new Transform.Trim(), new Transform.ToNumber())
                .withOnError(OnError.FAIL_ACTION));

        assertThat(result.failed()).isFalse();
        assertThat(result.values()).isEmpty();
    }

    @Test
    void aWarningQuotesAtMostTheStartOfALongValue() {
        Map<String, Object> payload = Map.of("blob", "x".repeat(100_000));

        MappingResult result = map(payload, field("n", path("blob"), new Transform.ToNumber()).withOnError(OnError.WARN_ACTION));

        assertThat(result.warnings()).containsExactly("n: to_number: \"" + "x".repeat(32) + "…\" is not a number");
    }

    @Test
    void aPayloadValueThatLooksLikeATemplateOrCodeIsOnlyData() {
        Map<String, Object> payload = Map.of("name", "{{secret}} ${jndi:ldap://x} '; DROP TABLE", "secret", "s3cr3t");

        assertThat(map(payload, field("name", path("name"), new Transform.Upper())).values())
                .containsExactly(Map.entry("name", "{{SECRET}} ${JNDI:LDAP://X} '; DROP TABLE"));
    }

    @Test
    void anObjectTooDeeplyNestedToWriteAsTextFailsToStringInsteadOfThrowing() {
        Map<String, Object> payload = Map.of("deep", nested(600, "bottom"), "shallow", nested(10, 1));

        MappingResult result = map(payload,
                field("deep", path("deep"), new Transform.ToString()).withOnError(OnError.WARN_ACTION),
                field("shallow", path("shallow"), new Transform.ToString()));

        assertThat(result.warnings()).containsExactly("deep: to_string: an object cannot be written as JSON text");
        assertThat(result.values()).containsOnlyKeys("shallow");
        assertThat((String) result.values().get("shallow")).startsWith("{\"a\":{\"a\":").endsWith(":1}}}}}}}}}}");
    }

    static Map<String, Object> nested(int depth, Object leaf) {
        Map<String, Object> root = new HashMap<>();
        Map<String, Object> node = root;
        for (int i = 1; i < depth; i++) {
            Map<String, Object> child = new HashMap<>();
            node.put("a", child);
            node = child;
        }
        node.put("a", leaf);
        return root;
    }

    @Test
    void aParsedSchemaMapsAsItsRecordsDo() {
        MappingSchema schema = MappingSchema.parse(json("""
                {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "signup_date", "source": {"type": "path", "value": "signed_up_ms"},
                   "transforms": [{"type": "to_date", "timezone": "America/Los_Angeles"}]},
                  {"dest": "seats", "source": {"type": "path", "value": "seats"}, "transforms": [{"type": "to_string"}]},
                  {"dest": "source", "source": {"type": "literal", "value": "meshes"}}]}"""));

        assertThat(Mapper.apply(schema, PAYLOAD).values()).containsExactly(Map.entry("email", "ada@example.com"),
                Map.entry("signup_date", "2024-05-01"), Map.entry("seats", "12"), Map.entry("source", "meshes"));
        assertThat(schema.fields().get(1).transforms()).containsExactly(new Transform.ToDate(ZoneId.of("America/Los_Angeles")));
    }

    @Test
    void numbersOfEveryDecodedKindAreReadAlike() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("int", 5);
        payload.put("long", 5L);
        payload.put("big_integer", BigInteger.valueOf(5));
        payload.put("double", 5.0);
        payload.put("big_decimal", new BigDecimal("5.000"));
        payload.put("float", 5.0f);
        List<MappingField> fields = new ArrayList<>();
        for (String key : payload.keySet()) {
            fields.add(MappingField.of(key, path(key), new Transform.ToString()));
            fields.add(MappingField.of(key + "_as_date", path(key), new Transform.ToDatetime(null)));
        }

        MappingResult result = Mapper.apply(new MappingSchema(1, fields, null), payload);

        for (String key : payload.keySet()) {
            assertThat(result.values()).as(key).containsEntry(key, "5").containsEntry(key + "_as_date", "1970-01-01T00:00:00.005Z");
        }
    }

    // --- helpers

    static Source.Path path(String value) {
        return new Source.Path(value);
    }

    static MappingField field(String dest, Source source, Transform... transforms) {
        return MappingField.of(dest, source, transforms);
    }

    static MappingSchema schema(MappingField... fields) {
        return new MappingSchema(1, List.of(fields), null);
    }

    static MappingResult map(Map<String, Object> payload, MappingField... fields) {
        return Mapper.apply(schema(fields), payload);
    }

    /** The schema {@code out ← value} with one transform given as JSON, so parsing is part of the case. */
    static MappingSchema schemaWith(String transform, OnError onError) {
        return MappingSchema.parse(json("{\"schema_version\": 1, \"fields\": [{\"dest\": \"out\", \"source\": {\"type\": \"path\", \"value\": \"value\"}, \"transforms\": ["
                + transform + "], \"on_error\": \"" + onError.code() + "\"}]}"));
    }
}
