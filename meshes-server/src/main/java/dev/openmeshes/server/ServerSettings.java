package dev.openmeshes.server;

import dev.openmeshes.store.StoreConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a server or command needs to know, from the command line and the environment:
 * {@code MESHES_DATABASE_URL} (PostgreSQL; unset: SQLite under the data dir), {@code MESHES_MASTER_KEY}
 * (base64 of 32 bytes; required with PostgreSQL), {@code MESHES_DB_POOL_SIZE},
 * {@code MESHES_MAX_BODY_BYTES}, {@code MESHES_ACCESS_LOG}.
 */
public record ServerSettings(String host, int port, Path dataDir, String databaseUrl, String masterKey,
                             int poolSize, long maxBodyBytes, boolean accessLog) {

    public static final long DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    public static ServerSettings from(String host, int port, Path dataDir, Map<String, String> env) {
        return new ServerSettings(host, port, dataDir,
                blankToNull(env.get("MESHES_DATABASE_URL")),
                blankToNull(env.get("MESHES_MASTER_KEY")),
                Integer.parseInt(env.getOrDefault("MESHES_DB_POOL_SIZE", String.valueOf(StoreConfig.DEFAULT_POOL_SIZE))),
                Long.parseLong(env.getOrDefault("MESHES_MAX_BODY_BYTES", String.valueOf(DEFAULT_MAX_BODY_BYTES))),
                Boolean.parseBoolean(env.getOrDefault("MESHES_ACCESS_LOG", "false")));
    }

    public StoreConfig storeConfig() {
        return new StoreConfig(databaseUrl, dataDir, poolSize);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, dataDir, databaseUrl, masterKey, poolSize, maxBodyBytes, accessLog);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
