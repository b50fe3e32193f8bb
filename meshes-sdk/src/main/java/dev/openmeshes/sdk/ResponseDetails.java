package dev.openmeshes.sdk;

/** What is kept of a destination's answer to an attempt ({@code statusCode} null when none came). */
public record ResponseDetails(String attemptId, String outcomeCode, Integer statusCode, String responseBody,
                              long durationMs, String message) {}
