package dev.openmeshes.store;

import java.nio.file.Path;

/**
 * Where the store lives: the embedded SQLite file under {@code dataDir} when {@code databaseUrl}
 * is null, else the PostgreSQL database it names ({@code postgres://user:pass@host:port/db} or
 * {@code jdbc:postgresql://...}).
 */
public record StoreConfig(String databaseUrl, Path dataDir, int poolSize) {

    public static final int DEFAULT_POOL_SIZE = 16;

    public static StoreConfig embedded(Path dataDir) {
        return new StoreConfig(null, dataDir, DEFAULT_POOL_SIZE);
    }

    public boolean isEmbedded() {
        return databaseUrl == null || databaseUrl.isBlank();
    }
}
