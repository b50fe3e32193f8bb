package dev.openmeshes.sdk;

/** The connection's mapping and whether it was saved ({@code stored}) or generated from the catalog ({@code generated}). */
public record DefaultMapping(String status, Mapping mapping) {}
