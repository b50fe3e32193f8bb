package dev.openmeshes.connectors.webhook;

import static dev.openmeshes.connectors.webhook.Webhooks.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** validate(): every field error named by its path, and normalized metadata with defaults. */
class WebhookValidationTest {

    static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    // 127.0.0.1 and hooks.internal are allow-listed; nothing else is
    WebhookConnector connector = new WebhookConnector(
            WebhookOptions.defaults().withAllowList(AllowList.of("127.0.0.1", "hooks.internal")));

    @AfterEach
    void close() {
        connector.close();
    }

    List<FieldError> errorsOf(Map<String, Object> metadata) {
        Problem problem = catchThrowableOfType(Problem.class, () -> connector.validate(metadata));
        assertThat(problem).as("validation refused %s", metadata).isNotNull();
        assertThat(problem.code()).isEqualTo("validation_failed");
        return problem.details();
    }

    List<String> fieldsOf(Map<String, Object> metadata) {
        return errorsOf(metadata).stream().map(FieldError::field).toList();
    }

    @Test
    void aMinimalConnectionIsFilledWithDefaults() {
        Map<String, Object> normalized = connector.validate(metadata("https://example.com/hooks"));

        assertThat(normalized).containsExactly(
                Map.entry("url", "https://example.com/hooks"),
                Map.entry("method", "POST"),
                Map.entry("payload_format", "wrapped"),
                Map.entry("auth", Map.of("type", "none")),
                Map.entry("headers", Map.of()),
                Map.entry("skip_url_test", false));
    }

    @Test
    void choicesAreReadCaseInsensitivelyAndNormalized() {
        Map<String, Object> normalized = connector.validate(metadata("https://example.com/h", "method", "patch",
                "payload_format", "RAW", "auth", Map.of("type", "Bearer", "token", "t"), "skip_url_test", true));

        assertThat(normalized).containsEntry("method", "PATCH").containsEntry("payload_format", "raw")
                .containsEntry("auth", Map.of("type", "bearer", "token", "t")).containsEntry("skip_url_test", true);
    }

    @Test
    void hmacSigningDefaultsItsHeader() {
        Map<String, Object> normalized = connector.validate(metadata("https://example.com/h",
                "signing", Map.of("algorithm", "hmac_sha256", "secret", "0123456789abcdef")));

        assertThat(normalized.get("signing")).isEqualTo(Map.of("algorithm", "hmac_sha256",
                "secret", "0123456789abcdef", "header", "X-Meshes-Signature"));
    }

    @Test
    void aRotatedSecretKeepsItsExpiryInUtc() {
        Map<String, Object> normalized = connector.validate(metadata("https://example.com/h",
                "signing", Map.of("algorithm", "standard_webhooks", "secret", STANDARD_SECRET,
                        "previous_secret", "whsec_" + "A".repeat(32),
                        "previous_secret_expires_at", "2030-01-01T02:00:00+02:00")));

        assertThat(normalized.get("signing")).isEqualTo(Map.of("algorithm", "standard_webhooks",
                "secret", STANDARD_SECRET, "previous_secret", "whsec_" + "A".repeat(32),
                "previous_secret_expires_at", "2030-01-01T00:00:00Z"));
    }

    @Test
    void theUrlIsRequired() {
        assertThat(errorsOf(Map.of())).containsExactly(new FieldError("metadata.url", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "ftp://example.com/hook", "example.com/hook", "not a url"})
    void theUrlMustBeHttps(String url) {
        assertThat(fieldsOf(metadata(url))).containsExactly("metadata.url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://hooks.internal/hook", "HTTP://Hooks.Internal./x"})
    void plainHttpIsAcceptedForAllowListedHosts(String url) {
        assertThat(connector.validate(metadata(url))).containsEntry("url", url);
    }

    @Test
    void theUrlMustNotCarryCredentials() {
        assertThat(errorsOf(metadata("https://user:pw@example.com/hook")))
                .containsExactly(new FieldError("metadata.url", "must not contain credentials; use metadata.auth"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook", "https://[fd00:ec2::254]/", "https://192.168.1.10/"})
    void privateAddressLiteralsAreRefusedAtOnce(String url) {
        List<FieldError> errors = errorsOf(metadata(url));

        assertThat(errors).extracting(FieldError::field).containsExactly("metadata.url");
        assertThat(errors.getFirst().message()).startsWith("destination refused");
    }

    @Test
    void badChoicesNameTheirFieldAndTheAllowedValues() {
        List<FieldError> errors = errorsOf(metadata("https://example.com/h", "method", "GET", "payload_format", "xml"));

        assertThat(errors).containsExactly(
                new FieldError("metadata.method", "must be one of POST, PUT, PATCH"),
                new FieldError("metadata.payload_format", "must be one of wrapped, raw"));
    }

    @Test
    void everyMissingAuthFieldIsReported() {
        assertThat(fieldsOf(metadata("https://example.com/h", "auth", Map.of("type", "basic"))))
                .containsExactly("metadata.auth.username", "metadata.auth.password");
        assertThat(fieldsOf(metadata("https://example.com/h", "auth", Map.of("type", "bearer"))))
                .containsExactly("metadata.auth.token");
        assertThat(fieldsOf(metadata("https://example.com/h", "auth", Map.of("type", "header"))))
                .containsExactly("metadata.auth.header_name", "metadata.auth.header_value");
        assertThat(fieldsOf(metadata("https://example.com/h", "auth", Map.of("type", "digest"))))
                .containsExactly("metadata.auth.type");
    }

    @Test
    void authFieldsOfOtherTypesAreDropped() {
        Map<String, Object> normalized = connector.validate(metadata("https://example.com/h",
                "auth", Map.of("type", "bearer", "token", "t", "username", "left-over")));

        assertThat(normalized.get("auth")).isEqualTo(Map.of("type", "bearer", "token", "t"));
    }

    @Test
    void credentialsCannotInjectHeaderLines() {
        assertThat(fieldsOf(metadata("https://example.com/h",
                "auth", Map.of("type", "bearer", "token", "t\r\nX-Evil: 1"))))
                .containsExactly("metadata.auth.token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Content-Type", "Transfer-Encoding", "Connection",
            "AUTHORIZATION", "User-Agent", "X-Meshes-Delivery-Id", "x-meshes-anything", "webhook-id",
            "Webhook-Signature", "X-Meshes-Signature"})
    void reservedHeaderNamesAreRefused(String name) {
        List<FieldError> errors = errorsOf(metadata("https://example.com/h", "headers", Map.of(name, "v")));

        assertThat(errors).extracting(FieldError::field).containsExactly("metadata.headers." + name);
        assertThat(errors.getFirst().message()).startsWith("is reserved");
    }

    @Test
    void theConfiguredSignatureHeaderIsReservedToo() {
        assertThat(fieldsOf(metadata("https://example.com/h",
                "signing", Map.of("algorithm", "hmac_sha512", "secret", "0123456789abcdef", "header", "X-Hub-Sig"),
                "headers", Map.of("x-hub-sig", "forged"))))
                .containsExactly("metadata.headers.x-hub-sig");
    }

    @Test
    void aSixthCustomHeaderIsRefused() {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            headers.put("X-Custom-" + i, "v");
        }

        assertThat(errorsOf(metadata("https://example.com/h", "headers", headers)))
                .containsExactly(new FieldError("metadata.headers", "must have at most 5 headers, not 6"));
    }

    @Test
    void customHeaderValuesMustBeStrings() {
        assertThat(fieldsOf(metadata("https://example.com/h", "headers", Map.of("X-Count", 3, "Bad Name", "v"))))
                .containsExactlyInAnyOrder("metadata.headers.X-Count", "metadata.headers.Bad Name");
    }

    @Test
    void signingNeedsAKnownAlgorithmAndASecret() {
        assertThat(fieldsOf(metadata("https://example.com/h", "signing", Map.of())))
                .containsExactly("metadata.signing.algorithm", "metadata.signing.secret");
        assertThat(fieldsOf(metadata("https://example.com/h", "signing", Map.of("algorithm", "md5", "secret", "x"))))
                .containsExactly("metadata.signing.algorithm");
        assertThat(fieldsOf(metadata("https://example.com/h",
                "signing", Map.of("algorithm", "hmac_sha256", "secret", "short"))))
                .containsExactly("metadata.signing.secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!", "whsec_c2hvcnQ=",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"})
    void standardWebhooksSecretsMustBeWhsecBase64(String secret) {
        assertThat(fieldsOf(metadata("https://example.com/h",
                "signing", Map.of("algorithm", "standard_webhooks", "secret", secret))))
                .containsExactly("metadata.signing.secret");
    }

    @Test
    void aPreviousSecretNeedsItsExpiryAndAValidTimestamp() {
        assertThat(fieldsOf(metadata("https://example.com/h", "signing", Map.of("algorithm", "standard_webhooks",
                "secret", STANDARD_SECRET, "previous_secret", STANDARD_SECRET))))
                .containsExactly("metadata.signing.previous_secret_expires_at");
        assertThat(fieldsOf(metadata("https://example.com/h", "signing", Map.of("algorithm", "standard_webhooks",
                "secret", STANDARD_SECRET, "previous_secret", STANDARD_SECRET,
                "previous_secret_expires_at", "next tuesday"))))
                .containsExactly("metadata.signing.previous_secret_expires_at");
    }

    @Test
    void unknownKeysAreRefusedRatherThanIgnored() {
        assertThat(fieldsOf(metadata("https://example.com/h", "header", Map.of("X-A", "b"),
                "auth", Map.of("type", "none", "passwd", "x"))))
                .containsExactlyInAnyOrder("metadata.header", "metadata.auth.passwd");
    }

    @Test
    void allErrorsAreReportedTogether() {
        assertThat(fieldsOf(metadata("http://example.com/h", "method", "DELETE", "payload_format", "xml",
                "auth", Map.of("type", "basic"), "skip_url_test", "yes")))
                .containsExactlyInAnyOrder("metadata.url", "metadata.method", "metadata.payload_format",
                        "metadata.auth.username", "metadata.auth.password", "metadata.skip_url_test");
    }
}
