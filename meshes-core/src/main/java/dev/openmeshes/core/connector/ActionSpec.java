package dev.openmeshes.core.connector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One action of a connection type, declared once: what the integrations catalog shows, which rule
 * metadata a rule of it must carry, and which destination fields it writes (its field catalog,
 * the targets of its mappings).
 *
 * @param inputs what a rule of the action asks for; the rule-metadata keys it uses follow from them
 * @param writes the destination fields the action writes from the (mapped) event, may be empty
 */
public record ActionSpec(String key, String label, String noun, String description, List<ActionInput> inputs,
                         List<FieldDefinition> writes) {

    public ActionSpec {
        inputs = List.copyOf(inputs);
        writes = List.copyOf(writes);
    }

    /** The rule-metadata keys the action uses besides {@code action}, e.g. {@code [id, value]}. */
    public List<String> metadataFields() {
        var keys = new LinkedHashSet<String>();
        for (ActionInput input : inputs) {
            if (input instanceof ActionInput.PickWithOption advanced) {
                keys.addAll(advanced.fields());
            } else {
                keys.add(input.field());
            }
        }
        return new ArrayList<>(keys);
    }

    /** The entry of {@code actions} in the integrations catalog. */
    public Integration.Action toIntegration() {
        return new Integration.Action(key, label, noun, metadataFields(), new Integration.Display(label, description),
                inputs.stream().map(ActionInput::toJson).toList());
    }
}
