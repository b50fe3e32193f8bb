package dev.openmeshes.core.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.core.Problem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One declaration, and what follows from it: validation, defaults, secrets, rule checks, the catalog entry. */
class ConnectorSpecTest {

    static final ConnectorSpec SPEC = new ConnectorSpec("mailer", "Mailer", new Authentication.ApiKey(), List.of(
            ConnectionField.text("api_url", "API URL").required().asUrl(),
            ConnectionField.secret("api_key", "API key").required(),
            ConnectionField.select("region", "Region", "us", "eu").defaultingTo("us"),
            ConnectionField.secret("auth.password", "Password").required().when("auth.type", "basic"),
            ConnectionField.select("auth.type", "Auth", "none", "basic").defaultingTo("none")),
            List.of(new ActionSpec("add_to_list", "Add to list", "list", "Adds the person to a list.",
                            List.of(new ActionInput.Pick("lists", "id", "List", "list", true)),
                            List.of(FieldDefinition.of("email", FieldDefinition.Type.STRING, "Email"))),
                    new ActionSpec("update_field", "Update field", "field", "Sets a field.",
                            List.of(new ActionInput.PickWithOption("fields", "id", "Field", "field", "value", "Value",
                                    "select", true)),
                            List.of(FieldDefinition.of("email", FieldDefinition.Type.STRING, "Email"),
                                    FieldDefinition.of("name", FieldDefinition.Type.STRING, "Name")))),
            new ConnectorSpec.RateLimit(10, Duration.ofSeconds(1)));

    static Map<String, Object> metadata(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static List<String> refusedFields(Runnable call) {
        try {
            call.run();
        } catch (Problem p) {
            return p.details().stream().map(Problem.FieldError::field).toList();
        }
        throw new AssertionError("expected a validation Problem");
    }

    @Test
    void validMetadataIsKeptTrimmedWithDefaultsFilledIn() {
        Map<String, Object> valid = SPEC.validate(metadata("api_url", " https://acct.api-us1.com ", "api_key", "k-123456"));
        assertThat(valid).containsEntry("api_url", "https://acct.api-us1.com").containsEntry("api_key", "k-123456")
                .containsEntry("region", "us").containsEntry("auth", Map.of("type", "none"));
    }

    @Test
    void everyRefusalNamesItsField() {
        assertThat(refusedFields(() -> SPEC.validate(metadata()))).containsExactlyInAnyOrder("metadata.api_url",
                "metadata.api_key");
        assertThat(refusedFields(() -> SPEC.validate(metadata("api_url", "ftp://x", "api_key", "k", "region", "mars"))))
                .containsExactlyInAnyOrder("metadata.api_url", "metadata.region");
        assertThat(refusedFields(() -> SPEC.validate(metadata("api_url", "https://x.io", "api_key", 42))))
                .containsExactly("metadata.api_key");
        assertThat(refusedFields(() -> SPEC.validate(metadata("api_url", "https://x.io", "api_key", "k", "api_kee", "k"))))
                .as("a typo is refused, not ignored").containsExactly("metadata.api_kee");
        assertThat(refusedFields(() -> SPEC.validate(metadata("api_url", "https://user:pw@x.io", "api_key", "k"))))
                .as("credentials in a URL").containsExactly("metadata.api_url");
        assertThat(refusedFields(() -> SPEC.validate(metadata("api_url", "https://x.io", "api_key", "k",
                "skip_url_test", "yes")))).containsExactly("metadata.skip_url_test");
    }

    @Test
    void aDependentFieldIsRequiredOnlyWhenWhatItDependsOnHolds() {
        assertThat(refusedFields(() -> SPEC.validate(metadata("api_url", "https://x.io", "api_key", "k",
                "auth", Map.of("type", "basic"))))).containsExactly("metadata.auth.password");
        Map<String, Object> none = SPEC.validate(metadata("api_url", "https://x.io", "api_key", "k",
                "auth", Map.of("type", "none")));
        assertThat(MetadataPaths.get(none, "auth.password")).isNull();
    }

    @Test
    void secretsAreTheFieldsDeclaredSecret() {
        assertThat(SPEC.secretPaths()).containsExactly("api_key", "auth.password");
    }

    @Test
    void aRuleMustNameADeclaredActionAndCarryItsRequiredInputs() {
        SPEC.checkRule(Map.of("action", "add_to_list", "id", "7"));
        assertThat(refusedFields(() -> SPEC.checkRule(Map.of("action", "send_fax")))).containsExactly("metadata.action");
        assertThat(refusedFields(() -> SPEC.checkRule(Map.of("action", "add_to_list")))).containsExactly("metadata.id");
        assertThat(refusedFields(() -> SPEC.checkRule(Map.of("action", "update_field", "id", "plan"))))
                .containsExactly("metadata.value");
        assertThat(refusedFields(() -> SPEC.checkRule(Map.of("action", "add_to_list", "id", "  "))))
                .containsExactly("metadata.id");
    }

    @Test
    void theCatalogEntryIsDerivedFromTheDeclaration() {
        Integration entry = SPEC.toIntegration();
        assertThat(entry.type()).isEqualTo("mailer");
        assertThat(entry.authentication()).containsEntry("type", "api_key");
        @SuppressWarnings("unchecked")
        var fields = (List<Map<String, Object>>) entry.authentication().get("fields");
        assertThat(fields).extracting(f -> f.get("key")).containsExactly("api_url", "api_key", "region",
                "auth.password", "auth.type");
        assertThat(fields.get(0)).containsEntry("validate", "url").containsEntry("required", true);
        assertThat(fields.get(1)).containsEntry("type", "password");
        assertThat(fields.get(3)).containsEntry("dependsOn", Map.of("field", "auth.type", "value", "basic"));
        assertThat(entry.actions()).containsOnlyKeys("add_to_list", "update_field");
        assertThat(entry.actions().get("update_field").fields()).containsExactly("id", "value");
        assertThat(entry.actions().get("add_to_list").data()).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("kind", "simple").containsEntry("key", "lists"));
        assertThat(SPEC.destinationFields()).extracting(FieldDefinition::key).containsExactly("email", "name");
    }
}
