package dev.openmeshes.sdk;

/** One refused field of a {@code validation_failed} answer, e.g. {@code schema.fields[2].source.value}. */
public record FieldError(String field, String message) {}
