package dev.openmeshes.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.sdk.StubServer.Answer;
import dev.openmeshes.sdk.StubServer.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The emitter against a scripted local server: batching, the memory bound, and what it resends. */
class BatchingEmitterTest {

    StubServer stub;
    MeshesEventsClient client;
    final Recorder recorder = new Recorder();
    final BatchingEmitter.Options options = BatchingEmitter.Options.DEFAULTS.withShutdownHook(false)
            .withFlushInterval(Duration.ofMillis(100)).withMaxBackoff(Duration.ofMillis(50)).withListener(recorder);

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer().otherwise(BatchingEmitterTest::acceptAll);
        client = MeshesEventsClient.builder("mesh_pub_a_b_c").baseUrl(stub.url()).build();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void offeredEventsGoOutInBulkRequestsOfAtMostTheBatchSizeAndCloseFlushesTheRest() {
        try (var emitter = client.emitter(options.withBatchSize(40).withFlushInterval(Duration.ofSeconds(30)))) {
            for (int i = 0; i < 250; i++) {
                assertThat(emitter.offer(event(i))).as("offer %d", i).isTrue();
            }
        }

        assertThat(recorder.accepted).as("accepted events").hasSize(250);
        assertThat(stub.received()).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/api/v1/events/bulk");
            assertThat(Json.MAPPER.readTree(request.body()).size()).as("events in one request").isBetween(1, 40);
        });
        assertThat(sentNumbers(stub.received())).as("every event once, in order").containsExactlyElementsOf(range(250));
    }

    @Test
    void aBatchIsSentOnceItsFlushIntervalPassesWithoutWaitingForClose() throws Exception {
        try (var emitter = client.emitter(options)) {
            emitter.offer(event(1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (recorder.accepted.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(recorder.accepted).as("accepted before close").hasSize(1);
        }
    }

    @Test
    void offerNeverBlocksAndDropsWhatDoesNotFitTellingTheListener() throws Exception {
        var release = new CountDownLatch(1);
        stub.then(request -> {
            await(release); // the first batch hangs: the queue fills behind it
            return acceptAll(request);
        });
        try (var emitter = client.emitter(options.withCapacity(5).withBatchSize(1))) {
            emitter.offer(event(0));
            Thread.sleep(300); // the sender took event 0 and waits for its answer
            long started = System.nanoTime();
            List<Boolean> taken = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                taken.add(emitter.offer(event(i)));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("20 offers against a full queue")
                    .isLessThan(Duration.ofMillis(200));
            assertThat(taken.stream().filter(t -> t).count()).as("offers taken by a queue of 5").isEqualTo(5);
            assertThat(recorder.dropped).as("drops told to the listener").hasSize(15)
                    .allSatisfy(reason -> assertThat(reason).isEqualTo(EmitterListener.DropReason.QUEUE_FULL));
            release.countDown();
        }
        assertThat(recorder.accepted).as("what was taken was delivered").hasSize(6);
    }

    @Test
    void anUnansweredBatchIsResentWithTheSameBytesAndIdempotencyKey() {
        stub.then(Answer.json(503, "{\"message\":\"busy\",\"error\":\"service_unavailable\"}"))
            .then(Answer.json(500, "{\"message\":\"oops\",\"error\":\"internal_error\"}"));

        try (var emitter = client.emitter(options)) {
            for (int i = 0; i < 3; i++) {
                emitter.offer(event(i));
            }
        }

        List<Received> sent = stub.received();
        assertThat(sent).as("two failures and the answered send").hasSize(3);
        assertThat(sent).extracting(r -> r.header("Idempotency-Key")).as("the batch's key on every send")
                .containsOnly(sent.get(0).header("Idempotency-Key")).doesNotContainNull();
        assertThat(sent).extracting(Received::text).as("the batch's bytes on every send").containsOnly(sent.get(0).text());
        assertThat(recorder.retries).as("retries told to the listener").containsExactly("service_unavailable", "internal_error");
        assertThat(recorder.accepted).hasSize(3);
    }

    @Test
    void ofA207TheEventsRefusedForAPassingReasonAreResentAndTheInvalidOnesReported() {
        stub.then(request -> Answer.json(207, "{\"count\":3,\"error_count\":2,\"records\":["
                + created(0) + ","
                + "{\"index\":1,\"message\":\"Too many events\",\"error\":\"rate_limited\"},"
                + "{\"index\":2,\"message\":\"Invalid request\",\"error\":\"validation_failed\","
                + "\"details\":[{\"field\":\"event\",\"message\":\"must not be blank\"}]}]}"));

        try (var emitter = client.emitter(options)) {
            for (int i = 0; i < 3; i++) {
                emitter.offer(event(i));
            }
        }

        List<Received> sent = stub.received();
        assertThat(sent).hasSize(2);
        assertThat(sentNumbers(sent.subList(1, 2))).as("the second request carries only the rate-limited event")
                .containsExactly(1);
        assertThat(sent.get(1).header("Idempotency-Key")).as("another request, another key")
                .isNotEqualTo(sent.get(0).header("Idempotency-Key"));
        assertThat(recorder.rejected).as("refused for good").containsExactly("2:validation_failed");
        assertThat(recorder.accepted).hasSize(2);
    }

    @Test
    void whatCannotBeSentBeforeTheCloseTimeoutIsReportedAbandonedAndLaterOffersDropped() {
        stub.otherwise(request -> Answer.json(503, "{\"message\":\"down\"}"));
        var emitter = client.emitter(options.withCloseTimeout(Duration.ofMillis(300)));
        emitter.offer(event(1));

        long started = System.nanoTime();
        emitter.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close waited about its timeout")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(recorder.abandoned).as("abandoned events").hasSize(1);
        assertThat(emitter.offer(event(2))).as("an offer after close").isFalse();
        assertThat(recorder.dropped).containsExactly(EmitterListener.DropReason.CLOSED);
    }

    @Test
    void aRequestRefusedForGoodIsNotRetried() {
        stub.otherwise(request -> Answer.json(401, "{\"message\":\"Invalid token\",\"error\":\"invalid_token\"}"));

        try (var emitter = client.emitter(options)) {
            emitter.offer(event(1));
        }

        assertThat(stub.received()).hasSize(1);
        assertThat(recorder.abandoned).hasSize(1);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheSender() {
        var delivered = new java.util.concurrent.atomic.AtomicInteger();
        EmitterListener throwing = new EmitterListener() {
            @Override
            public void accepted(List<CreatedEvent> events) {
                delivered.addAndGet(events.size());
                throw new IllegalStateException("a careless listener");
            }
        };

        try (var emitter = client.emitter(options.withBatchSize(1).withListener(throwing))) {
            for (int i = 0; i < 3; i++) {
                emitter.offer(event(i));
            }
        }

        assertThat(delivered.get()).as("batches delivered after the listener threw").isEqualTo(3);
    }

    @Test
    void closeCutsShortAWaitForRetryAfterAndSendsAtOnce() {
        stub.then(Answer.json(429, "{\"message\":\"Too many events\",\"error\":\"rate_limited\"}").withHeader("Retry-After", "30"));
        var emitter = client.emitter(options);
        emitter.offer(event(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (recorder.retries.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        long started = System.nanoTime();
        emitter.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close during a 30 s Retry-After")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(recorder.accepted).as("sent at close").hasSize(1);
    }

    static NewEvent event(int n) {
        return NewEvent.of("order.placed", Map.of("email", "buyer@example.com", "n", n));
    }

    static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    static List<Integer> sentNumbers(List<Received> requests) {
        List<Integer> out = new ArrayList<>();
        for (Received request : requests) {
            for (JsonNode event : Json.MAPPER.readTree(request.body())) {
                out.add(event.path("payload").path("n").asInt());
            }
        }
        return out;
    }

    static Answer acceptAll(Received request) {
        JsonNode events = Json.MAPPER.readTree(request.body());
        List<String> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(created(events.get(i).path("payload").path("n").asInt()));
        }
        return Answer.json(201, "{\"count\":" + records.size() + ",\"error_count\":0,\"records\":[" + String.join(",", records) + "]}");
    }

    static String created(int n) {
        return "{\"id\":\"e-" + n + "\",\"type\":\"event\",\"event\":\"order.placed\",\"workspace\":\"w1\"}";
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class Recorder implements EmitterListener {
        final List<CreatedEvent> accepted = new CopyOnWriteArrayList<>();
        final List<DropReason> dropped = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        final List<NewEvent> abandoned = new CopyOnWriteArrayList<>();
        final List<String> retries = new CopyOnWriteArrayList<>();

        @Override
        public void retrying(List<NewEvent> events, MeshesException failure, Duration wait) {
            retries.add(((MeshesApiException) failure).error());
        }

        @Override
        public void dropped(NewEvent event, DropReason reason) {
            dropped.add(reason);
        }

        @Override
        public void accepted(List<CreatedEvent> events) {
            accepted.addAll(events);
        }

        @Override
        public void rejected(NewEvent event, BulkRejection rejection) {
            rejected.add(event.payload().get("n") + ":" + rejection.error());
        }

        @Override
        public void abandoned(List<NewEvent> events, MeshesException lastFailure) {
            abandoned.addAll(events);
        }
    }
}
