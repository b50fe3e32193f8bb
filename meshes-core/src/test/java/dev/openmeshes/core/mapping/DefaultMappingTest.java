package dev.openmeshes.core.mapping;

import static dev.openmeshes.core.mapping.JsonInput.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated mapping: catalog fields that name a well-known payload key are written from it. */
class DefaultMappingTest {

    static final Constraints READ_ONLY = new Constraints(null, null, true, null, null, null, null, null, null);

    @Test
    void hubSpotPropertiesMapFromTheWellKnownPayloadKeys() {
        List<FieldDefinition> catalog = List.of(field("email"), field("firstname"), field("lastname"), field("phone"),
                field("company"), field("hs_lead_status"), field("lifecyclestage"));

        MappingSchema schema = DefaultMapping.generate(catalog);

        assertThat(sources(schema)).containsExactly(Map.entry("email", "email"), Map.entry("firstname", "first_name"),
                Map.entry("lastname", "last_name"), Map.entry("phone", "phone"), Map.entry("company", "company"));
    }

    @Test
    void vendorSpellingsOfTheSameFieldsAreRecognised() {
        List<FieldDefinition> catalog = List.of(field("Email"), field("FirstName"), field("LastName"), field("Company"),
                field("email_address"), field("FNAME"), field("LNAME"), field("firstName"), field("last-name"),
                field("Full Name"), field("phone_number"), field("ip_address"), field("resource_url"), field("id"),
                field("given_name"), field("surname"));

        assertThat(sources(DefaultMapping.generate(catalog))).containsExactly(
                Map.entry("Email", "email"), Map.entry("FirstName", "first_name"), Map.entry("LastName", "last_name"),
                Map.entry("Company", "company"), Map.entry("email_address", "email"), Map.entry("FNAME", "first_name"),
                Map.entry("LNAME", "last_name"), Map.entry("firstName", "first_name"), Map.entry("last-name", "last_name"),
                Map.entry("Full Name", "name"), Map.entry("phone_number", "phone"), Map.entry("ip_address", "ip_address"),
                Map.entry("resource_url", "resource_url"), Map.entry("id", "id"), Map.entry("given_name", "first_name"),
                Map.entry("surname", "last_name"));
    }

    @Test
    void readOnlyFieldsAndFieldsNamingNothingWellKnownAreLeftUnmapped() {
        List<FieldDefinition> catalog = List.of(
                field("Id").constrained(READ_ONLY), field("Name").constrained(READ_ONLY), field("LastName"),
                field("emails"), field("mobile_phone_2"), field("e-mail-address-of-the-manager"), field("Email__c"));

        assertThat(sources(DefaultMapping.generate(catalog))).containsExactly(Map.entry("LastName", "last_name"));
    }

    @Test
    void eachCatalogKeyIsWrittenOnceAndCarelessCatalogEntriesAreSkipped() {
        List<FieldDefinition> catalog = new ArrayList<>(List.of(field("email"), field("email"), field("name")));
        catalog.add(new FieldDefinition(null, Type.STRING, "no key", null, null, null));
        catalog.add(field(""));
        catalog.add(field("e\0mail"));

        assertThat(sources(DefaultMapping.generate(catalog))).containsExactly(Map.entry("email", "email"), Map.entry("name", "name"));
    }

    @Test
    void theGeneratedSchemaIsAValidSchemaThatFitsItsCatalog() {
        List<FieldDefinition> catalog = List.of(field("email").constrained(Constraints.format("email").asRequired()),
                field("firstname"), field("lastname"), field("hs_object_id").constrained(READ_ONLY));

        MappingSchema schema = DefaultMapping.generate(catalog);

        assertThat(MappingSchema.parse(schema.toJson())).as("parse(toJson()) of the generated schema").isEqualTo(schema);
        assertThatCode(() -> schema.check(catalog)).doesNotThrowAnyException();
        assertThat(schema.meta().name()).isEqualTo("Generated from the field catalog");
        assertThat(schema.fields()).allSatisfy(field -> {
            assertThat(field.transforms()).isEmpty();
            assertThat(field.onError()).isEqualTo(OnError.SKIP_FIELD);
        });
    }

    @Test
    void theGeneratedSchemaMapsAnEventPayload() {
        MappingSchema schema = DefaultMapping.generate(List.of(field("email"), field("firstname"), field("lastname"), field("phone")));

        MappingResult result = Mapper.apply(schema, object("""
                {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "plan": "pro"}"""));

        assertThat(result.values()).containsExactly(Map.entry("email", "ada@example.com"), Map.entry("firstname", "Ada"),
                Map.entry("lastname", "Lovelace"));
    }

    @Test
    void anEmptyCatalogGivesAnEmptyButValidSchema() {
        MappingSchema schema = DefaultMapping.generate(List.of());

        assertThat(schema.fields()).isEmpty();
        assertThat(MappingSchema.parse(schema.toJson())).isEqualTo(schema);
    }

    static FieldDefinition field(String key) {
        return FieldDefinition.of(key, Type.STRING, key);
    }

    /** dest → payload path of each generated field, in order. */
    static List<Map.Entry<String, String>> sources(MappingSchema schema) {
        return schema.fields().stream()
                .map(field -> Map.entry(field.dest(), ((Source.Path) field.source()).value()))
                .toList();
    }
}
