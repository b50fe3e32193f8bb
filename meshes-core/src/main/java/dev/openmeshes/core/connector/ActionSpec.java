package dev.openmeshes.core.connector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One action of a connection type, declared once: what the integrations catalog shows, which rule
 * metadata a rule of it must carry, which destination fields it writes (its field catalog, the
 * targets of its mappings), and what a delivery of it cannot do without.
 *
 * @param inputs what a rule of the action asks for; the rule-metadata keys it uses follow from them
 * @param writes the destination fields the action writes from the (mapped) event, may be empty
 * @param needs  what an {@link ActionConnector} has checked, in this order, before the action's code runs
 */
public record ActionSpec(String key, String label, String noun, String description, List<ActionInput> inputs,
                         List<FieldDefinition> writes, List<ActionNeed> needs) {

    public ActionSpec {
        inputs = List.copyOf(inputs);
        writes = List.copyOf(writes);
        needs = List.copyOf(needs);
    }

    /** An action that needs nothing checked before its code runs. */
    public ActionSpec(String key, String label, String noun, String description, List<ActionInput> inputs,
                      List<FieldDefinition> writes) {
        this(key, label, noun, description, inputs, writes, List.of());
    }

    /** The same action, needing these (checked in this order) before it is delivered. */
    public ActionSpec needing(ActionNeed... needed) {
        return new ActionSpec(key, label, noun, description, inputs, writes, List.of(needed));
    }

    /**
     * The refusal of the first need the request does not meet, its message starting with the type's
     * name and the action's key (e.g. {@code Mailchimp add_to_list}); null when every need is met.
     */
    public DeliveryResult unmetNeed(String typeName, DeliveryRequest request) {
        for (ActionNeed need : needs) {
            DeliveryResult refusal = need.refusal(typeName + " " + key, this, request);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
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
