package dev.openmeshes.core.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stored field catalog is read back exactly as it was written. */
class FieldDefinitionTest {

    @Test
    void aDefinitionReadsBackFromItsJson() {
        var full = new FieldDefinition("plan", FieldDefinition.Type.ENUM, "Plan", "The customer's plan",
                new Constraints("unknown", true, false, 32, 1, "^[a-z]+$", 0.0, 9.5, List.of("free", "pro")),
                Map.of("name", "plan__c"));
        var bare = FieldDefinition.of("email", FieldDefinition.Type.STRING, null);
        for (FieldDefinition field : List.of(full, bare)) {
            assertThat(FieldDefinition.fromJson(field.toJson())).as("%s read back", field.key()).isEqualTo(field);
        }
    }

    @Test
    void plainTextConstraintsFromAStoreStillReadAsNumbers() {
        var json = Map.<String, Object>of("key", "seats", "type", "number",
                "constraints", Map.of("min", 1, "max_length", 3L));
        var field = FieldDefinition.fromJson(json);
        assertThat(field.constraints().min()).isEqualTo(1.0);
        assertThat(field.constraints().maxLength()).isEqualTo(3);
    }
}
