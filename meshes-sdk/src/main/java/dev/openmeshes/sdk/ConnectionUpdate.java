package dev.openmeshes.sdk;

import java.util.Map;

/** A connection's new name and metadata ({@code ********} keeps a secret as it is); {@code hidden} optional. */
public record ConnectionUpdate(String name, Map<String, Object> metadata, Boolean hidden) {}
