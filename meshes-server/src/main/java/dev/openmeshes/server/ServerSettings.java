package dev.openmeshes.server;

import dev.openmeshes.core.people.SignupPolicy;
import dev.openmeshes.server.http.AuthRateLimits;
import dev.openmeshes.store.StoreConfig;
import dev.openmeshes.core.delivery.RetrySchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a server or command needs to know, from the command line and the environment:
 * {@code MESHES_DATABASE_URL} (PostgreSQL; unset: SQLite under the data dir), {@code MESHES_MASTER_KEY}
 * (base64 of 32 bytes; required with PostgreSQL), {@code MESHES_DB_POOL_SIZE},
 * {@code MESHES_MAX_BODY_BYTES} (the largest event payload or request body), {@code MESHES_ACCESS_LOG},
 * {@code MESHES_RETRY_SCHEDULE} (e.g. {@code 0s,5s,5m}), {@code MESHES_EVENT_RETENTION_DAYS},
 * {@code MESHES_AUDIT_RETENTION_DAYS} (how long the platform admins' audit is kept),
 * {@code MESHES_DELIVERY_LEASE_SECONDS} (how long a node may hold a delivery before others retry it),
 * {@code MESHES_INGEST_RATE_LIMIT} (events per second per publishable key; 0 turns limiting off but for
 * organizations given a limit of their own),
 * {@code MESHES_WORKER} ({@code on} by default; {@code off} makes an API-only node that accepts
 * events but leaves their delivery to worker nodes sharing its PostgreSQL);
 * {@code MESHES_PUBLIC_URL} (how browsers reach this server, for OAuth callbacks, embed launch URLs and
 * invitation links, and whether session cookies are {@code Secure}; default {@code http://localhost:<port>});
 * {@code MESHES_SIGNUP} ({@code open}, {@code invite} or {@code off}; unset: open until the first
 * user exists, then by invitation; {@code signup} is null then); {@code MESHES_LOGIN_RATE_LIMIT}
 * (sign-up, login and invitation attempts per minute per client address, 0: off; per email it is
 * always 5);
 * connectors read their own settings (e.g. {@code MESHES_WEBHOOK_ALLOW_HOSTS}) from {@code env}.
 */
public record ServerSettings(String host, int port, Path dataDir, String databaseUrl, String masterKey,
                             int poolSize, long maxBodyBytes, boolean accessLog, RetrySchedule retrySchedule,
                             Duration eventRetention, Duration auditRetention, Duration deliveryLease, long ingestRateLimit,
                             boolean worker, String publicUrl, SignupPolicy signup, long loginRateLimit,
                             Map<String, String> env) {

    public static final long DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    /** @throws InvalidSetting for a variable with a bad value, naming it and what it accepts */
    public static ServerSettings from(String host, int port, Path dataDir, Map<String, String> variables) {
        var env = new Env(variables);
        return new ServerSettings(host, port, dataDir,
                env.text("MESHES_DATABASE_URL"),
                env.text("MESHES_MASTER_KEY"),
                (int) env.integer("MESHES_DB_POOL_SIZE", StoreConfig.DEFAULT_POOL_SIZE, 1, 1000),
                env.integer("MESHES_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, 64L * 1024 * 1024),
                env.onOff("MESHES_ACCESS_LOG", false),
                env.retrySchedule("MESHES_RETRY_SCHEDULE", RetrySchedule.DEFAULT),
                Duration.ofDays(env.integer("MESHES_EVENT_RETENTION_DAYS", 30, 1, 36500)),
                Duration.ofDays(env.integer("MESHES_AUDIT_RETENTION_DAYS", 400, 1, 36500)),
                Duration.ofSeconds(env.integer("MESHES_DELIVERY_LEASE_SECONDS", 120, 1, 86400)),
                env.integer("MESHES_INGEST_RATE_LIMIT", 1000, 0, 1_000_000_000),
                env.onOff("MESHES_WORKER", true),
                env.url("MESHES_PUBLIC_URL"),
                env.signupPolicy("MESHES_SIGNUP"),
                env.integer("MESHES_LOGIN_RATE_LIMIT", AuthRateLimits.DEFAULT_PER_ADDRESS_PER_MINUTE, 0, 1_000_000),
                Map.copyOf(variables));
    }

    /** Settings for tests and benchmarks: a loopback server on the given store, defaults elsewhere. */
    public static ServerSettings local(Path dataDir, String databaseUrl, String masterKey, Map<String, String> env) {
        return from("127.0.0.1", 0, dataDir, merge(env, databaseUrl, masterKey));
    }

    private static Map<String, String> merge(Map<String, String> env, String databaseUrl, String masterKey) {
        var merged = new java.util.HashMap<>(env);
        if (databaseUrl != null) {
            merged.put("MESHES_DATABASE_URL", databaseUrl);
        }
        if (masterKey != null) {
            merged.put("MESHES_MASTER_KEY", masterKey);
        }
        return merged;
    }

    /** How browsers reach this server: {@code MESHES_PUBLIC_URL}, else {@code http://localhost:<port>}. */
    public String publicUrlOr(int boundPort) {
        return publicUrl != null ? publicUrl : "http://localhost:" + boundPort;
    }

    public StoreConfig storeConfig() {
        return new StoreConfig(databaseUrl, dataDir, poolSize);
    }
}
