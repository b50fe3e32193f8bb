package dev.openmeshes.connectors.aweber;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.connector.ConnectorContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The AWeber account id of each connection's token, so that a delivery needs one vendor call instead
 * of two ({@code GET /accounts} first). Keyed by the connection and a hash of its access token: a
 * refreshed or replaced token looks the account up again, and no token is held in memory here.
 * Bounded, and entries expire, so the cache holds no state a restart or another node lacks.
 */
final class AccountIds {

    private final Cache<String, String> byConnectionAndToken = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(12))
            .build();

    /** The cached account id, else {@code lookUp}'s (a failed look-up throws and caches nothing). */
    String get(ConnectorContext context, String token, Supplier<String> lookUp) {
        return byConnectionAndToken.get(context.connection().id() + ":" + sha256(token), key -> lookUp.get());
    }

    /** Remembers an account id read elsewhere (the credential check). */
    void put(ConnectorContext context, String token, String accountId) {
        byConnectionAndToken.put(context.connection().id() + ":" + sha256(token), accountId);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException everyJvmHasIt) {
            throw new IllegalStateException(everyJvmHasIt);
        }
    }
}
