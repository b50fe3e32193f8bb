package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Environment settings: each bad value is refused with the variable's name, the value and what is accepted. */
class ServerSettingsTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "MESHES_DB_POOL_SIZE           | abc       | a whole number from 1 to 1000",
            "MESHES_DB_POOL_SIZE           | 0         | a whole number from 1 to 1000",
            "MESHES_MAX_BODY_BYTES         | 256k      | a whole number from 1024 to 67108864",
            "MESHES_MAX_BODY_BYTES         | -1        | a whole number from 1024 to 67108864",
            "MESHES_ACCESS_LOG             | yes       | on or off",
            "MESHES_RETRY_SCHEDULE         | 0s,5 days | delays such as 0s,5s,5m",
            "MESHES_EVENT_RETENTION_DAYS   | 0         | a whole number from 1 to 36500",
            "MESHES_DELIVERY_LEASE_SECONDS | 2m        | a whole number from 1 to 86400",
            "MESHES_INGEST_RATE_LIMIT      | -5        | a whole number from 0 to 1000000000",
            "MESHES_WORKER                 | sometimes | on or off"})
    void aBadValueIsRefusedNamingTheVariableTheValueAndWhatIsAccepted(String name, String value, String accepted) {
        assertThatThrownBy(() -> ServerSettings.from("127.0.0.1", 0, Path.of("data"), Map.of(name, value)))
                .isInstanceOf(InvalidSetting.class)
                .hasMessage(name + " must be " + accepted + (accepted.endsWith("5m") ? " (a number with ms, s, m or h each)" : "")
                        + ", not '" + value + "'");
    }

    @Test
    void goodValuesAreRead() {
        var settings = ServerSettings.from("127.0.0.1", 0, Path.of("data"), Map.of(
                "MESHES_DB_POOL_SIZE", " 4 ", "MESHES_ACCESS_LOG", "on", "MESHES_DELIVERY_LEASE_SECONDS", "30",
                "MESHES_INGEST_RATE_LIMIT", "0", "MESHES_WORKER", "OFF", "MESHES_RETRY_SCHEDULE", "0s,1s"));

        assertThat(settings.poolSize()).isEqualTo(4);
        assertThat(settings.accessLog()).isTrue();
        assertThat(settings.deliveryLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.ingestRateLimit()).isZero();
        assertThat(settings.worker()).isFalse();
        assertThat(settings.retrySchedule().maxAttempts()).isEqualTo(2);
    }

    @Test
    void unsetOrBlankVariablesTakeTheirDefaults() {
        var settings = ServerSettings.from("127.0.0.1", 0, Path.of("data"), Map.of("MESHES_DB_POOL_SIZE", " "));

        assertThat(settings.poolSize()).isEqualTo(dev.openmeshes.store.StoreConfig.DEFAULT_POOL_SIZE);
        assertThat(settings.maxBodyBytes()).isEqualTo(ServerSettings.DEFAULT_MAX_BODY_BYTES);
        assertThat(settings.eventRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.worker()).isTrue();
    }
}
