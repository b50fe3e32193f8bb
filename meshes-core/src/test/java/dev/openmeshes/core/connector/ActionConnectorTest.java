package dev.openmeshes.core.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The platform's checks of a declared action's needs, made before the connector's own code runs. */
class ActionConnectorTest {

    private static final ActionInput LIST = new ActionInput.Pick("lists", "id", "List", "list", true);
    private static final ConnectorSpec SPEC = new ConnectorSpec("mailer", "Mailer", new Authentication.ApiKey(),
            List.of(), List.of(
                    new ActionSpec("add_to_list", "Add to list", "list", "Adds the person to a list.", List.of(LIST),
                            List.of(FieldDefinition.email("The person.")))
                            .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL),
                    new ActionSpec("sync", "Sync", "person", "Syncs the person.", List.of(),
                            List.of(FieldDefinition.email("The person."))).needing(ActionNeed.EMAIL),
                    new ActionSpec("ping", "Ping", "ping", "Needs nothing.", List.of(), List.of())),
            null);

    /** Records what reached its own code. */
    private static final class Recording implements ActionConnector {
        final List<ActionDelivery> delivered = new ArrayList<>();

        @Override
        public ConnectorSpec spec() {
            return SPEC;
        }

        @Override
        public DeliveryResult check(ConnectorContext context) {
            return null;
        }

        @Override
        public Map<String, Object> actionData(ConnectorContext context) {
            return Map.of();
        }

        @Override
        public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
            delivered.add(delivery);
            return DeliveryResult.refused(Outcome.INTERNAL_ERROR, "reached");
        }
    }

    private final Recording connector = new Recording();

    private static DeliveryRequest request(String action, Map<String, Object> ruleMetadata,
                                           Map<String, Object> mapped) {
        return new DeliveryRequest(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "user.signup", null, null,
                "{}", Map.of(), Instant.EPOCH, 1, action, ruleMetadata, mapped);
    }

    @Test
    void anUndeclaredActionIsRefusedByTheSpec() {
        DeliveryResult result = connector.deliver(null, request("nope", Map.of(), Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_CLIENT_ERROR);
        assertThat(result.message()).isEqualTo("Mailer has no action 'nope'; known: [add_to_list, sync, ping]");
        assertThat(connector.delivered).isEmpty();
    }

    @Test
    void aMissingRuleIdNamesTheActionsNounAndComesBeforeTheEmail() {
        DeliveryResult result = connector.deliver(null, request("add_to_list", Map.of("id", " "), Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_CLIENT_ERROR);
        assertThat(result.message()).isEqualTo("Mailer add_to_list: the rule has no metadata.id (the list)");
        assertThat(connector.delivered).isEmpty();
    }

    @Test
    void aMissingOrUnusableEmailIsAMappingError() {
        DeliveryResult none = connector.deliver(null, request("sync", Map.of(), Map.of()));
        DeliveryResult notAnAddress = connector.deliver(null, request("sync", Map.of(), Map.of("email", "ada")));

        assertThat(none.outcome()).isEqualTo(Outcome.MAPPING_ERROR);
        assertThat(none.message())
                .isEqualTo("Mailer sync: the event has no email (send payload.email or map a field to email)");
        assertThat(notAnAddress.message()).isEqualTo("Mailer sync: the event's email is not an email address");
        assertThat(connector.delivered).isEmpty();
    }

    @Test
    void metNeedsReachTheConnectorWithTheValuesStripped() {
        connector.deliver(null, request("add_to_list", Map.of("id", " 42 "), Map.of("email", " ada@example.com ")));
        connector.deliver(null, request("ping", Map.of(), Map.of()));

        assertThat(connector.delivered).hasSize(2);
        ActionDelivery added = connector.delivered.get(0);
        assertThat(added.key()).isEqualTo("add_to_list");
        assertThat(added.id()).isEqualTo("42");
        assertThat(added.email()).isEqualTo("ada@example.com");
        assertThat(connector.delivered.get(1).email()).isNull();
    }

    @Test
    void needsAreNotPartOfTheCatalogEntry() {
        ActionSpec declared = SPEC.action("add_to_list").orElseThrow();
        ActionSpec plain = new ActionSpec(declared.key(), declared.label(), declared.noun(), declared.description(),
                declared.inputs(), declared.writes());

        assertThat(declared.toIntegration()).isEqualTo(plain.toIntegration());
    }
}
