package dev.openmeshes.sdk;

/** A webhook request whose signature does not verify: reject it (e.g. with 401) and do not act on it. */
public class WebhookVerificationException extends Exception {

    public WebhookVerificationException(String message) {
        super(message);
    }
}
