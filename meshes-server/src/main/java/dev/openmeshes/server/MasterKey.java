package dev.openmeshes.server;

import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.store.Store;
import dev.openmeshes.store.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The key that seals secrets at rest: {@code MESHES_MASTER_KEY} (base64 of 32 bytes), or for the
 * embedded store a key file generated once in the data directory with mode 0600. With PostgreSQL
 * every node must share one key, so it has to come from the environment.
 */
public final class MasterKey {

    public static final String FILE_NAME = "master.key";
    private static final String CHECK_SETTING = "master_key_check";
    private static final String CHECK_PLAINTEXT = "openmeshes-master-key-check";

    private MasterKey() {}

    public static SecretBox load(ServerSettings settings) {
        if (settings.masterKey() != null) {
            return new SecretBox(decode(settings.masterKey(), "MESHES_MASTER_KEY"));
        }
        if (settings.databaseUrl() != null) {
            throw new IllegalStateException("MESHES_MASTER_KEY is required with MESHES_DATABASE_URL: every node must "
                    + "seal and open secrets with the same key. Make one with: openssl rand -base64 32");
        }
        return new SecretBox(fromFile(settings.dataDir().resolve(FILE_NAME)));
    }

    /**
     * Proves the key opens what the store's earlier secrets were sealed with, or remembers it on
     * first use, so a wrong key fails at start-up instead of as 401s on every request.
     */
    public static void checkAgainst(Store store, SecretBox box) {
        String sealed = store.settings().putIfAbsent(CHECK_SETTING, box.seal(CHECK_PLAINTEXT, CHECK_SETTING));
        try {
            if (CHECK_PLAINTEXT.equals(box.open(sealed, CHECK_SETTING))) {
                return;
            }
        } catch (RuntimeException wrongKey) {
            // reported below
        }
        throw new IllegalStateException("The master key does not match the one this store's secrets were sealed "
                + "with. Set MESHES_MASTER_KEY (or restore " + FILE_NAME + ") to the original key.");
    }

    private static byte[] fromFile(Path file) {
        try {
            DataDirectory.prepare(file.getParent());
            if (DataDirectory.createPrivateFile(file)) { // else it exists (or another process made it first): use it
                Files.writeString(file, Base64.getEncoder().encodeToString(SecretBox.newMasterKey()) + "\n");
            }
            return decode(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static byte[] decode(String text, String source) {
        byte[] key;
        try {
            key = text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " must be base64 of exactly 32 bytes, got " + key.length);
        }
        return key;
    }
}
