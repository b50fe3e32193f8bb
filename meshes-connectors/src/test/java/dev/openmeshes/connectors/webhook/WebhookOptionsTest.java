package dev.openmeshes.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server settings from the environment. */
class WebhookOptionsTest {

    @Test
    void defaultsAreSane() {
        WebhookOptions options = WebhookOptions.fromEnv(Map.of());

        assertThat(options.allowList()).isEqualTo(AllowList.NONE);
        assertThat(options.http().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.http().responseTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.http().maxResponseBodyBytes()).isEqualTo(2048);
        assertThat(options.http().maxConnectionsPerRoute()).isEqualTo(50);
    }

    @Test
    void theAllowListTakesHostsAndIpv4AndIpv6Blocks() {
        WebhookOptions options = WebhookOptions.fromEnv(Map.of(WebhookOptions.ALLOW_HOSTS_ENV,
                " Hooks.Internal. , 10.1.0.0/16,127.0.0.1, fd12::/16 ,[::1],"));
        AllowList list = options.allowList();

        assertThat(list.hosts()).containsExactly("hooks.internal");
        assertThat(list.blocks()).extracting(Cidr::toString)
                .containsExactly("10.1.0.0/16", "127.0.0.1/32", "fd12:0:0:0:0:0:0:0/16", "0:0:0:0:0:0:0:1/128");
        assertThat(list.allowsHost("HOOKS.internal")).isTrue();
        assertThat(list.allowsHost("127.0.0.1")).isTrue();
        assertThat(list.allowsHost("[::1]")).isTrue();
        assertThat(list.allowsHost("127.0.0.2")).isFalse();
        assertThat(list.allowsAddress(InetAddress.ofLiteral("10.1.255.255"))).isTrue();
        assertThat(list.allowsAddress(InetAddress.ofLiteral("10.2.0.0"))).isFalse();
        assertThat(list.allowsAddress(InetAddress.ofLiteral("fd12:ffff::1"))).isTrue();
    }

    @Test
    void aMalformedEntryStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> WebhookOptions.fromEnv(Map.of(WebhookOptions.ALLOW_HOSTS_ENV, "10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(WebhookOptions.ALLOW_HOSTS_ENV);
        assertThatThrownBy(() -> WebhookOptions.fromEnv(Map.of(WebhookOptions.ALLOW_HOSTS_ENV, "http://x.y/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://x.y/");
    }

    @Test
    void cidrBlocksAreNormalizedToTheirNetwork() {
        assertThat(Cidr.parse("192.168.7.9/16")).hasToString("192.168.0.0/16");
        assertThat(Cidr.parse("192.168.7.9/16").contains(InetAddress.ofLiteral("192.168.200.1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.ofLiteral("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.ofLiteral("::8"))).isFalse();
    }
}
