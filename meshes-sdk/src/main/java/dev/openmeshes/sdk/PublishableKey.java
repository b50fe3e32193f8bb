package dev.openmeshes.sdk;

import java.time.Instant;

/** A workspace's publishable key (safe to ship in a browser or app), and the previous one while its grace lasts. */
public record PublishableKey(String name, String publicKey, String previousPublicKey, Instant previousExpiresAt) {}
