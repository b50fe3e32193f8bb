package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.core.connector.Connector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every connection type the server registers is proven by the connector contract: its test (named
 * after its class, in its package) extends {@link ConnectorContractTest}, which fails when an action
 * is declared but not delivered, or delivered but not declared. Webhooks, which predate the contract,
 * have their own suite.
 */
class ConnectorCatalogTest {

    @TempDir
    Path dir;

    @Test
    void everyRegisteredConnectorHasAContractTest() throws Exception {
        try (Meshes meshes = Meshes.open(ServerSettings.local(dir, null, null, Map.of()))) {
            List<Connector> all = List.copyOf(meshes.connectors().all());
            assertThat(all).extracting(Connector::type).as("every connection type of the hosted service")
                    .containsExactlyInAnyOrder("activecampaign", "aweber", "customer_io", "discord", "hubspot",
                            "intercom", "mailchimp", "mailerlite", "pipedrive", "resend", "salesforce", "sendgrid",
                            "slack", "webhook", "zoom");
            for (Connector connector : all) {
                if (connector.type().equals("webhook")) {
                    continue;
                }
                String testName = connector.getClass().getName() + "Test";
                Class<?> test = Class.forName(testName);
                assertThat(ConnectorContractTest.class.isAssignableFrom(test))
                        .as("%s extends ConnectorContractTest", testName).isTrue();
            }
        }
    }
}
