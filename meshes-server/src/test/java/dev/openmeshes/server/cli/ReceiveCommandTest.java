package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.Scenario;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code meshes receive}: the quickstart's receiver prints each delivery and checks its signature. */
class ReceiveCommandTest extends OnSqlite {

    @Test
    void aDeliveryIsPrintedWithItsHeadersBodyAndSignatureCheckAndTheReceiverExitsAfterTheCount() throws Exception {
        int port = freePort();
        String secret = "a-signing-secret-for-the-receiver-0123";
        var receiving = CompletableFuture.supplyAsync(() -> Cli.with(Map.of()).run("receive", "--port",
                String.valueOf(port), "--secret", secret, "--count", "2", "--for", "30s"));
        var scenario = new Scenario(server, "Receive");
        Thread.sleep(300); // the receiver binds its port
        scenario.connection("Printed", "{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"signing\":"
                + "{\"algorithm\":\"hmac_sha256\",\"secret\":\"" + secret + "\"}}"); // its URL test is the first request
        var rule = scenario.rule(scenario.connection("Printed too", "{\"url\":\"http://127.0.0.1:" + port
                + "/hook\",\"skip_url_test\":true,\"signing\":{\"algorithm\":\"hmac_sha256\",\"secret\":\"" + secret
                + "\"}}"), "order.placed");
        scenario.emitOk("order.placed", "{\"order\":42}");

        var run = receiving.get(40, TimeUnit.SECONDS);
        assertThat(run.exit()).as("exit after two requests: %s", run).isZero();
        assertThat(run.out()).as("what the receiver printed").contains("POST /hook").contains("\"order\":42")
                .contains("x-meshes-delivery-id: ").doesNotContain("signature: INVALID");
        assertThat(run.out().split("signature: valid", -1).length - 1).as("both signed requests checked").isEqualTo(2);
        assertThat(rule).isNotNull();
    }

    @Test
    void waitingInVainForTheCountExitsOneAndABusyPortIsAUsageError() throws Exception {
        int port = freePort();
        var run = Cli.with(Map.of()).run("receive", "--port", String.valueOf(port), "--count", "1", "--for", "1s");
        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).contains("received 0 of 1 deliveries");
        try (var taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            var busy = Cli.with(Map.of()).run("receive", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(busy.exit()).as("%s", busy).isEqualTo(2);
            assertThat(busy.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
