package dev.openmeshes.core.embed;

import dev.openmeshes.core.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The embed session's two secrets, both opaque and random (256 bits), never stored, only hashed:
 * an access token {@code mesh_sess_<session id, 32 hex>_<43 base64url>}, which names its session so
 * that checking it is one cached lookup and a hash comparison, and a launch token
 * {@code mesh_launch_<43 base64url>}, found by its hash. Neither looks like a machine JWT (which has
 * two dots and starts {@code eyJ}), so {@code Authorization: Bearer} tells them apart by prefix.
 */
public final class EmbedTokens {

    public static final String ACCESS_PREFIX = "mesh_sess_";
    public static final String LAUNCH_PREFIX = "mesh_launch_";
    private static final Pattern ACCESS = Pattern.compile("^mesh_sess_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$");
    private static final Pattern LAUNCH = Pattern.compile("^mesh_launch_[A-Za-z0-9_-]{43}$");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private EmbedTokens() {}

    public static String newAccessToken(UUID sessionId) {
        return ACCESS_PREFIX + sessionId.toString().replace("-", "") + "_" + BASE64URL.encodeToString(Credentials.randomBytes(32));
    }

    public static String newLaunchToken() {
        return LAUNCH_PREFIX + BASE64URL.encodeToString(Credentials.randomBytes(32));
    }

    /** Whether a bearer token is meant as an embed access token (well formed or not). */
    public static boolean looksLikeAccessToken(String token) {
        return token.startsWith(ACCESS_PREFIX);
    }

    /** The session a well-formed access token names, or null. */
    public static UUID sessionOf(String accessToken) {
        if (!ACCESS.matcher(accessToken).matches()) {
            return null;
        }
        String hex = accessToken.substring(ACCESS_PREFIX.length(), ACCESS_PREFIX.length() + 32);
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    public static boolean isLaunchToken(String token) {
        return token != null && LAUNCH.matcher(token).matches();
    }

    /** SHA-256, hex: the tokens are random, so no salt or stretching is needed to keep them unguessable from it. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares a token with a stored hash in constant time. */
    public static boolean matches(String token, String storedHash) {
        return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
