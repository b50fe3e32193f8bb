package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.Map;

/** One attempt of a delivery; {@code requestHeaders} come with secrets redacted. */
public record Attempt(String id, int number, String outcomeCode, Integer statusCode, long durationMs, String message,
                      String responseBody, Map<String, String> requestHeaders, Instant startedAt) {}
