package dev.openmeshes.connectors.webhook;

import dev.openmeshes.connectors.http.DestinationRefusedException;

import static dev.openmeshes.connectors.webhook.Webhooks.connection;
import static dev.openmeshes.connectors.webhook.Webhooks.metadata;
import static dev.openmeshes.connectors.webhook.Webhooks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF guard: private destinations are refused where the connection would be made. */
class WebhookSsrfTest {

    @Nested
    class Guard {

        DestinationGuard guard = new DestinationGuard(AllowList.NONE);

        @ParameterizedTest
        @CsvSource({
                "127.0.0.1, a loopback address",
                "127.255.0.9, a loopback address",
                "::1, a loopback address",
                "10.20.30.40, a private address",
                "172.16.0.1, a private address",
                "172.31.255.255, a private address",
                "192.168.1.1, a private address",
                "fc00::1, a private (unique local) address",
                "fdab:1234::1, a private (unique local) address",
                "169.254.10.10, a link-local address",
                "fe80::1, a link-local address",
                "100.64.0.1, a carrier-grade NAT address",
                "100.127.255.254, a carrier-grade NAT address",
                "0.0.0.0, an unspecified (this-network) address",
                "::, an unspecified address",
                "224.0.0.1, a multicast address",
                "ff02::1, a multicast address",
                "169.254.169.254, a cloud metadata address",
                "fd00:ec2::254, a cloud metadata address",
                "::ffff:127.0.0.1, a loopback address",
                "64:ff9b::a00:1, a private address",
                "2002:c0a8:101::1, a private address"})
        void refusesNonPublicAddresses(String address, String kind) {
            assertThat(guard.refusal(InetAddress.ofLiteral(address))).contains(kind);
        }

        @ParameterizedTest
        @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
        void allowsPublicAddresses(String address) {
            assertThat(guard.refusal(InetAddress.ofLiteral(address))).isEmpty();
        }

        @Test
        void anAllowListedBlockOrHostIsExempt() throws Exception {
            var allowing = new DestinationGuard(AllowList.of("10.1.0.0/16", "fd12::/16", "hooks.internal"));
            InetAddress[] loopback = {InetAddress.ofLiteral("127.0.0.1")};

            assertThat(allowing.refusal(InetAddress.ofLiteral("10.1.200.3"))).isEmpty();
            assertThat(allowing.refusal(InetAddress.ofLiteral("10.2.0.1"))).contains("a private address");
            assertThat(allowing.refusal(InetAddress.ofLiteral("fd12:3::4"))).isEmpty();
            assertThat(allowing.vet("hooks.internal", loopback)).containsExactly(loopback);
            assertThatThrownBy(() -> allowing.vet("other.internal", loopback))
                    .isInstanceOf(DestinationRefusedException.class)
                    .hasMessageContaining("other.internal resolves to 127.0.0.1, a loopback address");
        }

        @Test
        void onlyPermittedAddressesOfAMixedAnswerAreUsed() throws Exception {
            InetAddress[] mixed = {InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("93.184.215.14")};

            assertThat(guard.vet("mixed.example", mixed)).containsExactly(InetAddress.ofLiteral("93.184.215.14"));
        }
    }

    @Nested
    class Delivery {

        Receiver receiver;

        @BeforeEach
        void start() throws Exception {
            receiver = Receiver.start();
        }

        @AfterEach
        void stop() {
            receiver.close();
        }

        /** Delivers with stored metadata as is: the guard must hold even for metadata validated elsewhere. */
        DeliveryResult deliverUnchecked(AllowList allowList, String url) {
            try (var connector = new WebhookConnector(WebhookOptions.defaults().withAllowList(allowList))) {
                return Webhooks.send(connector, request(connection(metadata(url))));
            }
        }

        void assertRefused(DeliveryResult result, String reason) {
            assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
            assertThat(result.retryable()).isFalse();
            assertThat(result.statusCode()).isNull();
            assertThat(result.message()).startsWith("destination refused").contains(reason)
                    .contains(WebhookOptions.ALLOW_HOSTS_ENV);
            assertThat(receiver.count()).as("requests that reached the receiver").isZero();
        }

        @Test
        void aLoopbackLiteralIsRefusedWhenNotAllowListed() {
            assertRefused(deliverUnchecked(AllowList.NONE, "https://127.0.0.1:" + receiver.port() + "/hook"),
                    "127.0.0.1 is a loopback address");
        }

        @Test
        void theCloudMetadataAddressIsRefused() {
            assertRefused(deliverUnchecked(AllowList.NONE, "https://169.254.169.254/latest/meta-data/"),
                    "169.254.169.254 is a cloud metadata address");
        }

        @Test
        void aHostNameResolvingToLoopbackIsRefusedAtConnectTime() {
            assertRefused(deliverUnchecked(AllowList.NONE, "https://localhost:" + receiver.port() + "/hook"),
                    "localhost resolves to 127.0.0.1, a loopback address");
        }

        @Test
        void plainHttpToAHostNotAllowListedIsRefused() {
            assertRefused(deliverUnchecked(AllowList.NONE, "http://localhost:" + receiver.port() + "/hook"),
                    "plain http is allowed only for hosts listed in");
        }

        @Test
        void aHostNameIsAllowedWhenItsNetworkIsAllowListed() throws Exception {
            // localhost may also resolve to ::1, so its IPv6 block is listed as well
            AllowList loopbackNetworks = AllowList.of("127.0.0.0/8", "::1/128");
            try (var connector = new WebhookConnector(WebhookOptions.defaults().withAllowList(loopbackNetworks))) {
                Map<String, Object> validated = connector.validate(
                        metadata("http://localhost:" + receiver.port() + "/hook"));

                DeliveryResult result = Webhooks.send(connector, request(connection(validated)));

                assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
                assertThat(receiver.take().path()).isEqualTo("/hook");
            }
        }

        @Test
        void anHttpsHostNameIsVettedWhenTheTestRequestConnects() {
            try (var connector = new WebhookConnector(WebhookOptions.defaults())) {
                // https to a name is vetted when connecting (test() does that before saving) ...
                assertThat(connector.validate(metadata("https://localhost/hook"))).containsKey("url");
                // ... and that connection is refused
                DeliveryResult probe = connector.check(connection(metadata("https://localhost:" + receiver.port())));
                assertThat(probe.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
                assertThat(probe.retryable()).isFalse();
            }
        }
    }
}
