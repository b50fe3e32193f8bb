package dev.openmeshes.core.mapping;

import static dev.openmeshes.core.mapping.JsonInput.fields;
import static dev.openmeshes.core.mapping.JsonInput.invalidMapping;
import static dev.openmeshes.core.mapping.JsonInput.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import dev.openmeshes.core.mapping.MappingSchema.Meta;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a mapping schema (§5.8): what it reads as, and every way it is refused. */
class MappingSchemaTest {

    static final String FULL = """
            {"schema_version": 1,
             "fields": [
               {"dest": "email", "source": {"type": "path", "value": "user.email"},
                "transforms": [{"type": "trim"}, {"type": "lower"}], "on_error": "fail_action", "notes": "the login"},
               {"dest": "lifecyclestage", "source": {"type": "literal", "value": "lead"}},
               {"dest": "score", "source": {"type": "literal", "value": 12.5}, "on_error": "warn_action"},
               {"dest": "vip", "source": {"type": "literal", "value": false}},
               {"dest": "owner", "source": {"type": "literal", "value": null},
                "transforms": [{"type": "default", "value": 7}]},
               {"dest": "signup", "source": {"type": "path", "value": "signed_up_at"},
                "transforms": [{"type": "to_date", "timezone": "Europe/Paris"}, {"type": "to_datetime"},
                               {"type": "to_string"}, {"type": "to_number"}, {"type": "to_boolean"},
                               {"type": "to_datetime", "timezone": "+02:00"}, {"type": "upper"},
                               {"type": "substring", "start": 0, "length": 10}, {"type": "substring", "start": 3},
                               {"type": "default", "value": null}]}
             ],
             "meta": {"name": "HubSpot contacts", "notes": "made by hand"}}
            """;

    @Test
    void aCompleteSchemaReadsAsTypedRecords() {
        MappingSchema schema = MappingSchema.parse(json(FULL));

        assertThat(schema.schemaVersion()).isEqualTo(1);
        assertThat(schema.meta()).isEqualTo(new Meta("HubSpot contacts", "made by hand"));
        assertThat(schema.fields()).extracting(MappingField::dest)
                .containsExactly("email", "lifecyclestage", "score", "vip", "owner", "signup");
        assertThat(schema.fields().getFirst()).isEqualTo(new MappingField("email", new Source.Path("user.email"),
                List.of(new Transform.Trim(), new Transform.Lower()), OnError.FAIL_ACTION, "the login"));
        assertThat(schema.fields()).extracting(MappingField::source).containsExactly(
                new Source.Path("user.email"), new Source.Literal("lead"), new Source.Literal(12.5),
                new Source.Literal(false), new Source.Literal(null), new Source.Path("signed_up_at"));
        assertThat(schema.fields().get(1).onError()).as("on_error when absent").isEqualTo(OnError.SKIP_FIELD);
        assertThat(schema.fields().get(2).onError()).isEqualTo(OnError.WARN_ACTION);
        assertThat(schema.fields().get(4).transforms()).containsExactly(new Transform.Default(7));
        assertThat(schema.fields().get(5).transforms()).containsExactly(
                new Transform.ToDate(ZoneId.of("Europe/Paris")), new Transform.ToDatetime(null),
                new Transform.ToString(), new Transform.ToNumber(), new Transform.ToBoolean(),
                new Transform.ToDatetime(ZoneId.of("+02:00")), new Transform.Upper(),
                new Transform.Substring(0, 10), new Transform.Substring(3, null), new Transform.Default(null));
    }

    @Test
    void toJsonIsTheCanonicalSnakeCaseFormAndParsesBackToTheSameSchema() {
        MappingSchema schema = MappingSchema.parse(json(FULL));

        Map<String, Object> canonical = schema.toJson();

        assertThat(MappingSchema.parse(canonical)).isEqualTo(schema);
        assertThat(canonical).containsOnlyKeys("schema_version", "fields", "meta");
        @SuppressWarnings("unchecked")
        var second = (Map<String, Object>) ((List<?>) canonical.get("fields")).get(1);
        assertThat(second).as("absent parts are written with their defaults").containsExactly(
                Map.entry("dest", "lifecyclestage"), Map.entry("source", Map.of("type", "literal", "value", "lead")),
                Map.entry("transforms", List.of()), Map.entry("on_error", "skip_field"));
        @SuppressWarnings("unchecked")
        var transforms = (List<Map<String, Object>>) ((Map<String, Object>) ((List<?>) canonical.get("fields")).get(5)).get("transforms");
        assertThat(transforms.get(0)).isEqualTo(Map.of("type", "to_date", "timezone", "Europe/Paris"));
        assertThat(transforms.get(1)).isEqualTo(Map.of("type", "to_datetime"));
        assertThat(transforms.get(8)).isEqualTo(Map.of("type", "substring", "start", 3));
        assertThat(transforms.get(9)).as("a null default keeps its value key").containsEntry("value", null);
    }

    @Test
    void theCanonicalFormSurvivesATripThroughJsonText() {
        MappingSchema schema = MappingSchema.parse(json(FULL));
        String text = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(schema.toJson());

        assertThat(MappingSchema.parse(json(text))).isEqualTo(schema);
    }

    @Test
    void theSmallestSchemaHasNoFieldsAndNoMeta() {
        MappingSchema schema = MappingSchema.parse(json("{\"schema_version\": 1, \"fields\": []}"));

        assertThat(schema).isEqualTo(new MappingSchema(1, List.of(), null));
        assertThat(schema.toJson()).isEqualTo(Map.of("schema_version", 1, "fields", List.of()));
    }

    @Test
    void theGoSdkFixtureFormOfAPathSourceReadsAsThePayloadPath() {
        MappingSchema schema = MappingSchema.parse(json("""
                {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "path": "$.payload.email"}},
                  {"dest": "name", "source": {"type": "path", "path": "$.user.name"}}]}"""));

        assertThat(schema.fields()).extracting(MappingField::source)
                .containsExactly(new Source.Path("email"), new Source.Path("user.name"));
        Problem problem = invalidMapping(() -> MappingSchema.parse(json("""
                {"schema_version": 1, "fields": [{"dest": "email", "source": {"type": "path", "path": "$.payload..x"}}]}""")));
        assertThat(fields(problem)).containsExactly("schema.fields[0].source.path");
    }

    @Test
    void keysItDoesNotKnowAreIgnoredAndNullOptionalPartsCountAsAbsent() {
        MappingSchema schema = MappingSchema.parse(json("""
                {"schema_version": 1, "id": "x", "meta": null,
                 "fields": [{"dest": "email", "source": {"type": "path", "value": "email", "extra": 1},
                             "transforms": null, "on_error": null, "notes": null, "whatever": [1, 2],
                             "x": {"type": "nope"}}]}"""));

        assertThat(schema).isEqualTo(new MappingSchema(1,
                List.of(new MappingField("email", new Source.Path("email"), List.of(), OnError.SKIP_FIELD, null)), null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"schema\"", "42", "true", "null", "[{\"schema_version\": 1, \"fields\": []}]"})
    void aSchemaThatIsNotAJsonObjectIsRefusedAsAWhole(String notAnObject) {
        Problem problem = invalidMapping(() -> MappingSchema.parse(json(notAnObject)));

        assertThat(problem.details()).containsExactly(new FieldError("schema", "must be a JSON object"));
    }

    @Test
    void theSchemaVersionIsTheNumberOne() {
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(json("{\"fields\": []}")))))
                .containsExactly("schema.schema_version");
        for (String version : List.of("2", "0", "\"1\"", "true", "1.5", "[1]", "{}", "1e100")) {
            Problem problem = invalidMapping(() -> MappingSchema.parse(json("{\"schema_version\": " + version + ", \"fields\": []}")));
            assertThat(problem.details()).as("schema_version %s", version)
                    .containsExactly(new FieldError("schema.schema_version", "must be the number 1"));
        }
        assertThat(MappingSchema.parse(json("{\"schema_version\": 1.0, \"fields\": []}")).schemaVersion())
                .as("1.0 is the number 1 in JSON").isEqualTo(1);
    }

    @Test
    void fieldsAreARequiredArray() {
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(json("{\"schema_version\": 1}")))))
                .containsExactly("schema.fields");
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(json("{\"schema_version\": 1, \"fields\": {\"dest\": \"x\"}}")))))
                .containsExactly("schema.fields");
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(json("{\"schema_version\": 1, \"fields\": [1, null, \"x\"]}")))))
                .containsExactly("schema.fields[0]", "schema.fields[1]", "schema.fields[2]");
    }

    @Test
    void twoHundredFiftyFieldsAreAcceptedAndOneMoreIsRefusedWithoutReadingThemAll() {
        assertThat(MappingSchema.parse(schemaOf(250)).fields()).hasSize(250);

        Map<String, Object> tooMany = schemaOf(251);
        ((List<Object>) tooMany.get("fields")).set(7, "not even an object");
        Problem problem = invalidMapping(() -> MappingSchema.parse(tooMany));

        assertThat(problem.details()).containsExactly(new FieldError("schema.fields", "must have at most 250 fields, has 251"));
    }

    @Test
    void tenTransformsAreAcceptedAndElevenAreRefused() {
        assertThat(MappingSchema.parse(withField(fieldWithTransforms(10))).fields().getFirst().transforms()).hasSize(10);

        Problem problem = invalidMapping(() -> MappingSchema.parse(withField(fieldWithTransforms(11))));

        assertThat(problem.details()).containsExactly(
                new FieldError("schema.fields[0].transforms", "must have at most 10 transforms, has 11"));
    }

    /** Each case: one field of an otherwise valid schema, and the JSON path the refusal must name. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"source": {"type": "path", "value": "email"}}                                   | schema.fields[0].dest
            {"dest": "", "source": {"type": "path", "value": "email"}}                       | schema.fields[0].dest
            {"dest": 5, "source": {"type": "path", "value": "email"}}                        | schema.fields[0].dest
            {"dest": ["email"], "source": {"type": "path", "value": "email"}}                | schema.fields[0].dest
            {"dest": "em\\u0000ail", "source": {"type": "path", "value": "email"}}           | schema.fields[0].dest
            {"dest": "email"}                                                                | schema.fields[0].source
            {"dest": "email", "source": "email"}                                             | schema.fields[0].source
            {"dest": "email", "source": ["path", "email"]}                                   | schema.fields[0].source
            {"dest": "email", "source": {"value": "email"}}                                  | schema.fields[0].source.type
            {"dest": "email", "source": {"type": "jsonpath", "value": "$.email"}}            | schema.fields[0].source.type
            {"dest": "email", "source": {"type": "PATH", "value": "email"}}                  | schema.fields[0].source.type
            {"dest": "email", "source": {"type": "path"}}                                    | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": ""}}                       | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "user..email"}}            | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": ".email"}}                 | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "email."}}                 | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "1email"}}                 | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "items[0].sku"}}           | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "$.payload.email"}}        | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "user email"}}             | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "e\\u0000mail"}}           | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "émail"}}                  | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": 7}}                        | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": {"a": 1}}}                 | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "literal"}}                                 | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "literal", "value": ""}}                    | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "literal", "value": {"a": 1}}}              | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "literal", "value": [1]}}                   | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "literal", "value": "a\\u0000b"}}           | schema.fields[0].source.value
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": {"type": "trim"}} | schema.fields[0].transforms
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": "trim"}           | schema.fields[0].transforms
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": ["trim"]}         | schema.fields[0].transforms[0]
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [null]}           | schema.fields[0].transforms[0]
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{}]}             | schema.fields[0].transforms[0].type
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "capitalize"}]}  | schema.fields[0].transforms[0].type
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "Trim"}]}        | schema.fields[0].transforms[0].type
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": 3}]}             | schema.fields[0].transforms[0].type
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "to_date", "timezone": "Mars/Olympus"}]} | schema.fields[0].transforms[0].timezone
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "to_date", "timezone": ""}]}             | schema.fields[0].transforms[0].timezone
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "to_date", "timezone": 2}]}              | schema.fields[0].transforms[0].timezone
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "to_datetime", "timezone": "../../etc/passwd"}]} | schema.fields[0].transforms[0].timezone
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "to_datetime", "timezone": ["UTC"]}]}    | schema.fields[0].transforms[0].timezone
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "default"}]}                        | schema.fields[0].transforms[0].value
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "default", "value": ""}]}           | schema.fields[0].transforms[0].value
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "default", "value": {"a": 1}}]}     | schema.fields[0].transforms[0].value
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "default", "value": []}]}           | schema.fields[0].transforms[0].value
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring"}]}                      | schema.fields[0].transforms[0].start
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": -1}]}         | schema.fields[0].transforms[0].start
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": "2"}]}        | schema.fields[0].transforms[0].start
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": 1.5}]}        | schema.fields[0].transforms[0].start
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": 1e10}]}       | schema.fields[0].transforms[0].start
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": true}]}       | schema.fields[0].transforms[0].start
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": 0, "length": 0}]}    | schema.fields[0].transforms[0].length
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": 0, "length": -4}]}   | schema.fields[0].transforms[0].length
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": 0, "length": "3"}]}  | schema.fields[0].transforms[0].length
            {"dest": "email", "source": {"type": "path", "value": "email"}, "transforms": [{"type": "substring", "start": 0, "length": 99999999999}]} | schema.fields[0].transforms[0].length
            {"dest": "email", "source": {"type": "path", "value": "email"}, "on_error": "explode"}       | schema.fields[0].on_error
            {"dest": "email", "source": {"type": "path", "value": "email"}, "on_error": "SKIP_FIELD"}    | schema.fields[0].on_error
            {"dest": "email", "source": {"type": "path", "value": "email"}, "on_error": true}            | schema.fields[0].on_error
            {"dest": "email", "source": {"type": "path", "value": "email"}, "notes": ""}                 | schema.fields[0].notes
            {"dest": "email", "source": {"type": "path", "value": "email"}, "notes": 12}                 | schema.fields[0].notes
            """)
    void eachOffendingPartIsNamedByItsJsonPath(String field, String offendingPath) {
        Problem problem = invalidMapping(() -> MappingSchema.parse(json("{\"schema_version\": 1, \"fields\": [" + field + "]}")));

        assertThat(fields(problem)).as("refusal of %s", field).containsExactly(offendingPath);
        assertThat(problem.details().getFirst().message()).as("the reason").isNotBlank();
    }

    @Test
    void lengthLimitsAreExactlyThoseOfTheReference() {
        assertThat(MappingSchema.parse(withField(Map.of("dest", "d".repeat(128), "source", path("p".repeat(128))))).fields())
                .hasSize(1);
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(withField(Map.of("dest", "d".repeat(129), "source", path("email")))))))
                .containsExactly("schema.fields[0].dest");
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(withField(Map.of("dest", "d", "source", path("p".repeat(129))))))))
                .containsExactly("schema.fields[0].source.value");
        assertThat(MappingSchema.parse(withField(Map.of("dest", "d", "source", literal("l".repeat(256))))).fields()).hasSize(1);
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(withField(Map.of("dest", "d", "source", literal("l".repeat(257))))))))
                .containsExactly("schema.fields[0].source.value");
        assertThat(MappingSchema.parse(withField(Map.of("dest", "d", "source", path("email"), "notes", "n".repeat(1024)))).fields())
                .hasSize(1);
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(withField(Map.of("dest", "d", "source", path("email"), "notes", "n".repeat(1025)))))))
                .containsExactly("schema.fields[0].notes");
        Map<String, Object> longDefault = Map.of("dest", "d", "source", path("email"),
                "transforms", List.of(Map.of("type", "default", "value", "v".repeat(129))));
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(withField(longDefault))))).containsExactly("schema.fields[0].transforms[0].value");
        Map<String, Object> longZone = Map.of("dest", "d", "source", path("email"),
                "transforms", List.of(Map.of("type", "to_date", "timezone", "Z".repeat(65))));
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(withField(longZone))))).containsExactly("schema.fields[0].transforms[0].timezone");
    }

    @Test
    void metaIsAnOptionalObjectWithANameAndNotesOfBoundedLength() {
        assertThat(MappingSchema.parse(json("{\"schema_version\": 1, \"fields\": [], \"meta\": {}}")).meta())
                .isEqualTo(new Meta(null, null));
        assertThat(MappingSchema.parse(Map.of("schema_version", 1, "fields", List.of(),
                "meta", Map.of("name", "n".repeat(64), "notes", "x".repeat(1024)))).meta().name()).hasSize(64);
        for (Object meta : List.of("meta", List.of(), 3)) {
            assertThat(fields(invalidMapping(() -> MappingSchema.parse(Map.of("schema_version", 1, "fields", List.of(), "meta", meta)))))
                    .as("meta %s", meta).containsExactly("schema.meta");
        }
        Problem problem = invalidMapping(() -> MappingSchema.parse(Map.of("schema_version", 1, "fields", List.of(),
                "meta", Map.of("name", "n".repeat(65), "notes", ""))));
        assertThat(fields(problem)).containsExactly("schema.meta.name", "schema.meta.notes");
        assertThat(fields(invalidMapping(() -> MappingSchema.parse(Map.of("schema_version", 1, "fields", List.of(),
                "meta", Map.of("name", 1)))))).containsExactly("schema.meta.name");
    }

    @Test
    void everyProblemOfTheSchemaIsReportedInOneAnswerAtItsOwnIndex() {
        Problem problem = invalidMapping(() -> MappingSchema.parse(json("""
                {"schema_version": 2, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "email"}},
                  {"dest": "phone", "source": {"type": "path", "value": "phone"}},
                  {"dest": "", "source": {"type": "literal", "value": {}},
                   "transforms": [{"type": "trim"}, {"type": "nope"}, {"type": "substring", "start": -1, "length": 0}]}],
                 "meta": {"name": ""}}""")));

        assertThat(fields(problem)).containsExactly("schema.schema_version", "schema.fields[2].dest",
                "schema.fields[2].source.value", "schema.fields[2].transforms[1].type",
                "schema.fields[2].transforms[2].start", "schema.fields[2].transforms[2].length", "schema.meta.name");
        assertThat(problem.getMessage()).isEqualTo("The mapping schema is invalid");
    }

    @Test
    void twoFieldsWritingTheSameDestAreRefusedAtTheLaterOne() {
        Problem problem = invalidMapping(() -> MappingSchema.parse(json("""
                {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "email"}},
                  {"dest": "phone", "source": {"type": "path", "value": "phone"}},
                  {"dest": "email", "source": {"type": "literal", "value": "x@example.com"}}]}""")));

        assertThat(problem.details()).containsExactly(
                new FieldError("schema.fields[2].dest", "writes the same field as schema.fields[0].dest"));
    }

    @Test
    void aHugeLiteralIsRefusedWithoutBeingEchoedBack() {
        String huge = "A".repeat(10_000_000);

        Problem problem = invalidMapping(() -> MappingSchema.parse(withField(Map.of("dest", "d", "source", literal(huge)))));

        assertThat(problem.details()).containsExactly(
                new FieldError("schema.fields[0].source.value", "must be 1 to 256 characters, has 10000000"));
    }

    @Test
    void aSchemaWithThousandsOfProblemsAnswersTheFirstHundredAndHowManyMore() {
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            fields.add(Map.of("dest", "", "source", Map.of("type", "literal", "value", List.of())));
        }

        Problem problem = invalidMapping(() -> MappingSchema.parse(Map.of("schema_version", 1, "fields", fields)));

        assertThat(problem.details()).hasSize(101);
        assertThat(problem.details().getLast()).isEqualTo(new FieldError("schema", "and 400 more problems"));
    }

    @Test
    void keysOfAnyTypeInTheDecodedMapsDoNotBreakTheReader() {
        Map<Object, Object> field = new HashMap<>();
        field.put(1, "one");
        field.put(null, "null key");
        field.put("dest", "email");
        field.put("source", Map.of("type", "path", "value", "email"));

        assertThat(MappingSchema.parse(Map.of("schema_version", 1, "fields", List.of(field))).fields()).hasSize(1);
    }

    // --- check against the connection's field catalog

    static final List<FieldDefinition> CATALOG = List.of(
            FieldDefinition.of("email", Type.STRING, "Email").constrained(Constraints.format("email").asRequired()),
            FieldDefinition.of("firstname", Type.STRING, "First name"),
            FieldDefinition.of("hs_object_id", Type.NUMBER, "Record ID")
                    .constrained(new Constraints(null, null, true, null, null, null, null, null, null)),
            FieldDefinition.of("lifecyclestage", Type.ENUM, "Lifecycle stage")
                    .constrained(Constraints.NONE.allowing(List.of("lead", "customer")).asRequired()));

    @Test
    void aSchemaWritingOnlyWritableCatalogFieldsFitsAndRequiredFieldsNeedNotBeMapped() {
        MappingSchema schema = MappingSchema.parse(json("""
                {"schema_version": 1, "fields": [{"dest": "firstname", "source": {"type": "path", "value": "first_name"}}]}"""));

        assertThatCode(() -> schema.check(CATALOG)).as("email and lifecyclestage are required but unmapped")
                .doesNotThrowAnyException();
    }

    @Test
    void aDestTheCatalogLacksOrMarksReadOnlyIsRefusedAtItsIndex() {
        MappingSchema schema = MappingSchema.parse(json("""
                {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "email"}},
                  {"dest": "hs_object_id", "source": {"type": "path", "value": "id"}},
                  {"dest": "Email", "source": {"type": "path", "value": "email"}},
                  {"dest": "favourite_colour", "source": {"type": "literal", "value": "blue"}}]}"""));

        Problem problem = invalidMapping(() -> schema.check(CATALOG));

        assertThat(problem.details()).containsExactly(
                new FieldError("schema.fields[1].dest", "is read-only"),
                new FieldError("schema.fields[2].dest", "is not a field of this connection"),
                new FieldError("schema.fields[3].dest", "is not a field of this connection"));
        assertThat(fields(invalidMapping(() -> schema.check(List.of())))).as("against an empty catalog")
                .containsExactly("schema.fields[0].dest", "schema.fields[1].dest", "schema.fields[2].dest", "schema.fields[3].dest");
    }

    // --- helpers

    static Map<String, Object> path(String value) {
        return Map.of("type", "path", "value", value);
    }

    static Map<String, Object> literal(Object value) {
        Map<String, Object> source = new HashMap<>();
        source.put("type", "literal");
        source.put("value", value);
        return source;
    }

    static Map<String, Object> withField(Map<String, Object> field) {
        return Map.of("schema_version", 1, "fields", List.of(field));
    }

    static Map<String, Object> fieldWithTransforms(int count) {
        List<Object> transforms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            transforms.add(Map.of("type", "trim"));
        }
        return Map.of("dest", "email", "source", path("email"), "transforms", transforms);
    }

    static Map<String, Object> schemaOf(int fieldCount) {
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < fieldCount; i++) {
            fields.add(Map.of("dest", "field_" + i, "source", path("email")));
        }
        return new HashMap<>(Map.of("schema_version", 1, "fields", fields));
    }
}
