package dev.openmeshes.core.store;

import java.util.Optional;

/** Small server-wide values kept in the store, such as the master-key check. */
public interface Settings {

    Optional<String> get(String name);

    /** Stores the value unless the name is already set; returns the value now stored. */
    String putIfAbsent(String name, String value);
}
