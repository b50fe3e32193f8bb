package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openmeshes.core.service.Bootstrap;
import dev.openmeshes.sdk.BatchingEmitter;
import dev.openmeshes.sdk.BulkRejection;
import dev.openmeshes.sdk.CreatedEvent;
import dev.openmeshes.sdk.EmitterListener;
import dev.openmeshes.sdk.Event;
import dev.openmeshes.sdk.EventFilter;
import dev.openmeshes.sdk.MachineCredentials;
import dev.openmeshes.sdk.MeshesClient;
import dev.openmeshes.sdk.MeshesEventsClient;
import dev.openmeshes.sdk.MeshesException;
import dev.openmeshes.sdk.NewEvent;
import dev.openmeshes.sdk.NewWorkspace;
import dev.openmeshes.sdk.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batching emitter loses nothing it accepted when the server stops in the middle of its
 * flushes and comes back on the same data dir and port: everything offered is in the history,
 * exactly once (a batch is resent under its Idempotency-Key until answered).
 */
class SdkEmitterRestartTest {

    private static final int EVENTS = 3_000;
    /** No ingest limit: the test is about the restart, not about waiting out 429s. */
    private static final Map<String, String> ENV = Map.of("MESHES_INGEST_RATE_LIMIT", "0");

    @TempDir
    Path dataDir;

    @Test
    void everyEventTheEmitterTookIsInTheHistoryExactlyOnceAfterTheServerRestartedMidFlush() throws Exception {
        MeshesServer first = start(0);
        int port = first.port();
        Bootstrap.Credentials owner = first.meshes().bootstrap().createOrganization("Restart Co");
        String url = "http://127.0.0.1:" + port;
        MeshesClient meshes = MeshesClient.builder(new MachineCredentials(owner.organization().id().toString(),
                owner.ownerKey().key().accessKey(), owner.ownerKey().secretKey())).baseUrl(url).build();
        Workspace workspace = meshes.workspaces().get(meshes.workspaces().create(NewWorkspace.named("Restarts")).id());
        var outcomes = new Outcomes();
        var ingest = MeshesEventsClient.builder(workspace.publishableKey().publicKey()).baseUrl(url).build();
        var emitter = ingest.emitter(BatchingEmitter.Options.DEFAULTS.withShutdownHook(false)
                .withFlushInterval(Duration.ofMillis(20)).withMaxBackoff(Duration.ofMillis(200))
                .withCloseTimeout(Duration.ofSeconds(60)).withListener(outcomes));
        var offered = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < EVENTS; i++) {
                if (emitter.offer(NewEvent.of("order.placed", Map.of("email", "buyer@example.com", "n", i))
                        .forResource("orders", "n-" + i))) {
                    offered.incrementAndGet();
                }
                if (i % 50 == 0) {
                    pause(5); // a steady stream, so flushes are in flight whenever the server stops
                }
            }
        }, "producer");
        MeshesServer second = null;
        try {
            producer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.accepted.get() >= EVENTS / 3);

            first.close();
            int acceptedBeforeStop = outcomes.accepted.get();
            pause(500); // the emitter meets a closed port meanwhile, and keeps the queue
            second = start(port);
            producer.join();
            emitter.close();

            assertThat(acceptedBeforeStop).as("accepted before the stop").isLessThan(EVENTS);
            assertThat(outcomes.retries.get()).as("sends that met the stopped server and went out again").isPositive();
            assertThat(offered.get()).as("offers taken").isEqualTo(EVENTS);
            assertThat(outcomes.problems).as("drops, rejections and abandoned events").isEmpty();
            assertThat(outcomes.accepted.get()).as("events the server acknowledged").isEqualTo(EVENTS);
            List<String> history = meshes.events().allInWorkspace(workspace.id(), EventFilter.ANY).stream()
                    .map(Event::resourceId).toList();
            assertThat(history).as("events in the history").hasSize(EVENTS).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, EVENTS).mapToObj(i -> "n-" + i).toList());
        } finally {
            emitter.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private MeshesServer start(int port) {
        ServerSettings settings = ServerSettings.from("127.0.0.1", port, dataDir, ENV);
        return MeshesServer.start(Meshes.open(settings), settings);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the emitter reported. */
    static final class Outcomes implements EmitterListener {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final List<String> problems = new CopyOnWriteArrayList<>();

        @Override
        public void retrying(List<NewEvent> events, MeshesException failure, Duration wait) {
            retries.incrementAndGet();
        }

        @Override
        public void accepted(List<CreatedEvent> events) {
            accepted.addAndGet(events.size());
        }

        @Override
        public void dropped(NewEvent event, DropReason reason) {
            problems.add("dropped " + event.resourceId() + ": " + reason);
        }

        @Override
        public void rejected(NewEvent event, BulkRejection rejection) {
            problems.add("rejected " + event.resourceId() + ": " + rejection);
        }

        @Override
        public void abandoned(List<NewEvent> events, MeshesException lastFailure) {
            problems.add("abandoned " + events.size() + ": " + lastFailure);
        }
    }
}
