package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.core.connector.ConnectorSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each connection type's settings from the environment; a bad one stops the server naming the variable. */
class ConnectorEnvTest {

    static final List<String> TYPES = List.of("webhook", "hubspot", "zoom");

    static Map<String, ConnectorSettings> read(Map<String, String> variables) {
        return ConnectorEnv.read(new Env(variables), TYPES);
    }

    @Test
    void baseAndTokenUrlsAndTheOAuthClientAreReadPerType() {
        var settings = read(Map.of(
                "MESHES_CONNECTOR_HUBSPOT_BASE_URL", "http://127.0.0.1:4010/",
                "MESHES_CONNECTOR_ZOOM_TOKEN_URL", "https://zoom.internal/oauth/token",
                "MESHES_OAUTH_ZOOM_CLIENT_ID", "zid", "MESHES_OAUTH_ZOOM_CLIENT_SECRET", "zsecret"));
        assertThat(settings.get("hubspot").baseUrl()).as("without its trailing slash").contains("http://127.0.0.1:4010");
        assertThat(settings.get("hubspot").baseUrl("https://api.hubapi.com")).isEqualTo("http://127.0.0.1:4010");
        assertThat(settings.get("zoom").baseUrl("https://api.zoom.us/v2")).isEqualTo("https://api.zoom.us/v2");
        assertThat(settings.get("zoom").tokenUrl("https://zoom.us/oauth/token")).isEqualTo("https://zoom.internal/oauth/token");
        assertThat(settings.get("zoom").client()).contains(new ConnectorSettings.OAuthClient("zid", "zsecret"));
        assertThat(settings.get("webhook").client()).isEqualTo(Optional.empty());
        assertThat(settings.get("zoom").client().orElseThrow().toString()).doesNotContain("zsecret");
    }

    @Test
    void aMalformedUrlIsRefusedNamingTheVariable() {
        for (String bad : List.of("127.0.0.1:4010", "ftp://x", "http://user:pw@x", "http://x/?q=1", "not a url")) {
            assertThatThrownBy(() -> read(Map.of("MESHES_CONNECTOR_HUBSPOT_BASE_URL", bad)))
                    .as(bad).isInstanceOf(InvalidSetting.class)
                    .hasMessageStartingWith("MESHES_CONNECTOR_HUBSPOT_BASE_URL must be an http or https URL");
        }
    }

    @Test
    void halfAnOAuthClientIsRefusedWithoutShowingTheSecret() {
        assertThatThrownBy(() -> read(Map.of("MESHES_OAUTH_ZOOM_CLIENT_SECRET", "zsecret")))
                .isInstanceOf(InvalidSetting.class)
                .hasMessageStartingWith("MESHES_OAUTH_ZOOM_CLIENT_ID must be set together with MESHES_OAUTH_ZOOM_CLIENT_SECRET")
                .message().doesNotContain("zsecret");
    }

    @Test
    void theWebhookAllowListIsReadAndAMalformedOneNamesItsVariable() {
        assertThat(ConnectorEnv.webhook(new Env(Map.of("MESHES_WEBHOOK_ALLOW_HOSTS", "10.0.0.0/8, hooks.internal")))
                .allowList().allowsHost("hooks.internal")).isTrue();
        assertThatThrownBy(() -> ConnectorEnv.webhook(new Env(Map.of("MESHES_WEBHOOK_ALLOW_HOSTS", "10.0.0.0/33"))))
                .isInstanceOf(InvalidSetting.class).hasMessageStartingWith("MESHES_WEBHOOK_ALLOW_HOSTS must be");
    }

    @Test
    void aVariableForATypeThisServerDoesNotHaveIsATypoNotSilence() {
        assertThatThrownBy(() -> read(Map.of("MESHES_CONNECTOR_HUBSPTO_BASE_URL", "http://127.0.0.1:4010")))
                .isInstanceOf(InvalidSetting.class).hasMessageStartingWith("MESHES_CONNECTOR_HUBSPTO_BASE_URL must be one of");
        assertThatThrownBy(() -> read(Map.of("MESHES_OAUTH_HUBSPOT_CLIENTID", "x")))
                .isInstanceOf(InvalidSetting.class);
    }

    @Test
    void anOperatorSecretATypeDeclaresIsReadAndNeverShown() {
        var settings = ConnectorEnv.read(new Env(Map.of("MESHES_CONNECTOR_DISCORD_BOT_TOKEN", " MTIz.bot-secret ")),
                List.of("hubspot", "discord"), Map.of("discord", List.of("bot_token")));
        assertThat(settings.get("discord").operatorSecret("bot_token")).as("trimmed").contains("MTIz.bot-secret");
        assertThat(settings.get("hubspot").operatorSecrets()).isEmpty();
        assertThat(settings.get("discord").toString()).contains("bot_token").doesNotContain("MTIz.bot-secret");
        assertThat(ConnectorEnv.read(new Env(Map.of()), List.of("discord"), Map.of("discord", List.of("bot_token")))
                .get("discord").operatorSecret("bot_token")).as("not configured").isEmpty();
    }

    @Test
    void anOperatorSecretTheTypeDoesNotDeclareIsRefusedNamingTheVariableNotItsValue() {
        assertThatThrownBy(() -> ConnectorEnv.read(new Env(Map.of("MESHES_CONNECTOR_HUBSPOT_BOT_TOKEN", "MTIz.bot-secret")),
                List.of("hubspot", "discord"), Map.of("discord", List.of("bot_token"))))
                .isInstanceOf(InvalidSetting.class)
                .hasMessageStartingWith("MESHES_CONNECTOR_HUBSPOT_BOT_TOKEN must be one of")
                .message().doesNotContain("MTIz.bot-secret");
    }
}
