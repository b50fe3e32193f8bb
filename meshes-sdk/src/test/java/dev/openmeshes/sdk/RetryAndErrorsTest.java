package dev.openmeshes.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.sdk.StubServer.Answer;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the clients do with errors, 429s, 5xx and silence, against a scripted local server. */
class RetryAndErrorsTest {

    private static final MachineCredentials CREDENTIALS = new MachineCredentials(
            "5e0c4a8e-3f61-4f0e-9d7b-2b6f1f0c9a11", "mk_abcdefghijklmnopqrstuv", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-xyz");
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(5));
    private static final String WORKSPACE = "{\"id\":\"w1\",\"name\":\"Shop\",\"description\":null,"
            + "\"created_at\":\"2026-12-01T12:00:00Z\",\"updated_at\":\"2026-12-01T12:00:00Z\",\"added_later\":1}";

    StubServer stub;
    MeshesClient client;

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
        client = MeshesClient.builder(CREDENTIALS).baseUrl(stub.url() + "/api/v1/").retryPolicy(FAST).build();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aGetThatMeets503IsRetriedUnderOneCorrelationIdAndOneToken() {
        stub.then(Answer.json(503, "{\"message\":\"busy\",\"error\":\"service_unavailable\"}"))
            .then(Answer.json(200, WORKSPACE));

        Workspace workspace = client.workspaces().get("w1");

        assertThat(workspace.name()).as("the workspace read on the second attempt").isEqualTo("Shop");
        var sent = stub.received();
        assertThat(sent).as("attempts").hasSize(2);
        assertThat(sent.get(0).path()).isEqualTo("/api/v1/workspaces/w1");
        assertThat(sent.get(1).header("x-correlation-id")).as("the retry's correlation id")
                .isEqualTo(sent.get(0).header("x-correlation-id")).isNotBlank();
        assertThat(sent.get(1).header("Authorization")).as("the machine JWT, reused")
                .isEqualTo(sent.get(0).header("Authorization")).startsWith("Bearer ey");
    }

    @Test
    void aPostWithoutIdempotencyKeyIsNotRepeatedAfterA5xxAndTheErrorIsTyped() {
        stub.then(Answer.json(500, "{\"message\":\"Internal server error\",\"error\":\"internal_error\","
                + "\"correlation_id\":\"c-42\"}"));

        assertThatThrownBy(() -> client.workspaces().create(NewWorkspace.named("Shop")))
                .isInstanceOfSatisfying(MeshesApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.error()).isEqualTo("internal_error");
                    assertThat(e.correlationId()).isEqualTo("c-42");
                    assertThat(e.getMessage()).contains("Internal server error", "c-42");
                });
        assertThat(stub.received()).as("a POST that may have done its work is sent once").hasSize(1);
    }

    @Test
    void ingestionCarriesAnIdempotencyKeySoItsRetryAfterA5xxIsSafe() {
        stub.then(Answer.json(503, "{\"message\":\"busy\"}"))
            .then(Answer.json(201, "{\"event\":{\"id\":\"e1\",\"event\":\"user.signup\",\"workspace\":\"w1\"}}"));
        var events = MeshesEventsClient.builder("mesh_pub_a_b_c").baseUrl(stub.url()).retryPolicy(FAST).build();

        CreatedEvent created = events.send(NewEvent.of("user.signup", Map.of("email", "ada@example.com")));

        assertThat(created.id()).isEqualTo("e1");
        var sent = stub.received();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).header("X-Meshes-Publishable-Key")).isEqualTo("mesh_pub_a_b_c");
        assertThat(sent.get(0).header("Authorization")).as("no machine token with a publishable key").isNull();
        assertThat(sent.get(0).header("Idempotency-Key")).isNotBlank();
        assertThat(sent.get(1).header("Idempotency-Key")).as("the retry's key").isEqualTo(sent.get(0).header("Idempotency-Key"));
        assertThat(sent.get(1).text()).as("the retry's body").isEqualTo(sent.get(0).text());
    }

    @Test
    void a429IsRetriedAfterTheRetryAfterTheServerAsked() {
        stub.then(Answer.json(429, "{\"message\":\"Too many events\",\"error\":\"rate_limited\"}").withHeader("Retry-After", "1"))
            .then(Answer.json(201, WORKSPACE.replace("{\"id\"", "{\"workspace\":{\"id\"") + "}"));

        long started = System.nanoTime();
        Workspace created = client.workspaces().create(NewWorkspace.named("Shop"));

        assertThat(created.id()).isEqualTo("w1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for Retry-After: 1")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(stub.received()).hasSize(2);
    }

    @Test
    void a429WhoseRetryAfterIsBeyondThePolicyIsReportedWithIt() {
        stub.then(Answer.json(429, "{\"message\":\"slow down\",\"error\":\"rate_limited\"}").withHeader("Retry-After", "120"));

        assertThatThrownBy(() -> client.workspaces().get("w1"))
                .isInstanceOfSatisfying(MeshesRateLimitedException.class,
                        e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(120)));
        assertThat(stub.received()).as("no wait of two minutes inside the call").hasSize(1);
    }

    @Test
    void aNotFoundAndAValidationErrorBecomeTypedExceptionsWithTheirDetails() {
        stub.then(Answer.json(404, "{\"message\":\"Workspace not found\",\"error\":\"not_found\",\"correlation_id\":\"c-1\"}"))
            .then(Answer.json(400, "{\"message\":\"Invalid request\",\"error\":\"validation_failed\",\"correlation_id\":\"c-2\","
                    + "\"details\":[{\"field\":\"name\",\"message\":\"must be 3 to 50 characters\"}]}"));

        assertThatThrownBy(() -> client.workspaces().get("missing"))
                .isInstanceOfSatisfying(MeshesNotFoundException.class, e -> assertThat(e.correlationId()).isEqualTo("c-1"));
        assertThatThrownBy(() -> client.workspaces().create(NewWorkspace.named("x")))
                .isInstanceOfSatisfying(MeshesApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details()).containsExactly(new FieldError("name", "must be 3 to 50 characters"));
                });
    }

    @Test
    void anUnreachableServerIsAConnectionErrorAfterEveryAttempt() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var unreachable = MeshesClient.builder(CREDENTIALS).baseUrl("http://127.0.0.1:" + closedPort).retryPolicy(FAST).build();

        assertThatThrownBy(() -> unreachable.workspaces().get("w1"))
                .isInstanceOf(MeshesConnectionException.class).hasMessageContaining("after 3 attempt(s)");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAConnectionError() {
        stub.otherwise(request -> Answer.json(200, WORKSPACE).after(1_000));
        var impatient = MeshesClient.builder(CREDENTIALS).baseUrl(stub.url()).timeout(Duration.ofMillis(200))
                .retryPolicy(RetryPolicy.NONE).build();

        assertThatThrownBy(() -> impatient.workspaces().get("w1")).isInstanceOf(MeshesConnectionException.class);
    }

    @Test
    void pagesAreReadLazilyByCursor() {
        String record = WORKSPACE;
        stub.then(Answer.json(200, "{\"records\":[" + record + "," + record + "],\"count\":2,\"limit\":2,\"next_cursor\":\"p2\"}"))
            .then(Answer.json(200, "{\"records\":[" + record + "],\"count\":1,\"limit\":2,\"next_cursor\":null}"));

        assertThat(client.workspaces().all().stream().count()).as("records over both pages").isEqualTo(3);
        assertThat(stub.received().get(1).query()).as("the second page's query").isEqualTo("cursor=p2");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(Transport.parseRetryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(Transport.parseRetryAfter("Tue, 01 Dec 2026 12:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Transport.parseRetryAfter("soon", now)).isNull();
    }

    @Test
    void backoffDoublesUpToItsCapAndJitterKeepsBetweenHalfAndAllOfTheStep() {
        Duration initial = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(1);
        assertThat(RetryPolicy.backoffStep(initial, max, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(RetryPolicy.backoffStep(initial, max, 3)).isEqualTo(Duration.ofMillis(400));
        assertThat(RetryPolicy.backoffStep(initial, max, 40)).as("capped").isEqualTo(max);
        assertThat(RetryPolicy.jittered(Duration.ofMillis(400), 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(RetryPolicy.jittered(Duration.ofMillis(400), 0.999)).isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
    }

    @Test
    void bothBaseUrlFormsNameTheSameApi() {
        assertThat(Transport.hostRoot("http://h:8080")).isEqualTo("http://h:8080");
        assertThat(Transport.hostRoot("http://h:8080/api/v1/")).isEqualTo("http://h:8080");
        assertThat(Transport.hostRoot("http://h:8080/x/")).isEqualTo("http://h:8080/x");
    }
}
