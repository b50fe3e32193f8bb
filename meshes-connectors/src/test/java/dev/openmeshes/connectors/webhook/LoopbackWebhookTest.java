package dev.openmeshes.connectors.webhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh loopback receiver and a connector allowed to reach it, for each test. */
abstract class LoopbackWebhookTest {

    Receiver receiver;
    WebhookConnector connector;

    @BeforeEach
    void startReceiverAndConnector() throws Exception {
        receiver = Receiver.start();
        connector = Webhooks.loopbackConnector();
    }

    @AfterEach
    void stopReceiverAndConnector() {
        connector.close();
        receiver.close();
    }
}
