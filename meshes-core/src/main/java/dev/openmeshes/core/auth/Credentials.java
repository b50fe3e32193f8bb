package dev.openmeshes.core.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Generates credentials in exactly the formats the official Meshes clients validate before they
 * send anything, so a client configured with our keys never refuses them.
 */
public final class Credentials {

    public static final Pattern ACCESS_KEY = Pattern.compile("^mk_[A-Za-z0-9_-]{22,}$");
    public static final Pattern SECRET_KEY = Pattern.compile("^[A-Za-z0-9_-]{43,}$");
    public static final Pattern PUBLISHABLE_KEY = Pattern.compile("^mesh_pub_[A-Za-z0-9.-]+_[A-Za-z0-9.-]+_[^_]+$");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Credentials() {}

    /** {@code mk_} and 24 base64url characters (144 random bits). */
    public static String newAccessKey() {
        return "mk_" + BASE64URL.encodeToString(randomBytes(18));
    }

    /** 32 random bytes, base64url without padding: 43 characters. Clients sign with its UTF-8 bytes as typed. */
    public static String newSecretKey() {
        return BASE64URL.encodeToString(randomBytes(32));
    }

    /** {@code mesh_pub_<org>_<workspace>_<random hex>}: two short id segments for humans, 160 random bits. */
    public static String newPublishableKey(UUID organizationId, UUID workspaceId) {
        return "mesh_pub_" + shortId(organizationId) + "_" + shortId(workspaceId) + "_"
                + HexFormat.of().formatHex(randomBytes(20));
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }
}
