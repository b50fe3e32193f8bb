package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.server.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets are sealed with the master key: never readable in the store's files, never opened by another key. */
class SecretsAtRestTest {

    @TempDir
    Path dataDir;

    @Test
    void machineKeySecretsNeverReachTheDatabaseFilesInClear() throws IOException {
        String secret;
        try (TestServer server = TestServer.start(dataDir)) {
            secret = server.newTenant("Sealed").secretKey();
        }
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(Files.readAllBytes(file), needle)).as(file.toString()).isEqualTo(-1);
            }
        }
    }

    @Test
    void theEmbeddedMasterKeyFileIsPrivateToItsOwner() throws IOException {
        try (TestServer ignored = TestServer.start(dataDir)) {
            Path keyFile = dataDir.resolve("master.key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(Base64.getDecoder().decode(Files.readString(keyFile).trim())).hasSize(32);
        }
    }

    @Test
    void aFreshDataDirectoryAndEveryFileInItArePrivateToTheirOwner() throws IOException {
        Path fresh = dataDir.resolve("fresh");
        try (TestServer server = TestServer.start(fresh)) {
            server.newTenant("Private"); // something written, so the log and shared memory exist

            assertThat(mode(fresh)).as("mode of the data directory").isEqualTo("rwx------");
            for (String file : new String[] {"master.key", "meshes.db", "meshes.db-wal", "meshes.db-shm"}) {
                assertThat(mode(fresh.resolve(file))).as("mode of %s", file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aDataDirectoryAndFilesLeftReadableByOthersAreMadePrivateAtStart() throws IOException {
        try (TestServer ignored = TestServer.start(dataDir)) {
            // a store as an older build left it
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dataDir.resolve("meshes.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dataDir.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));

        try (TestServer ignored = TestServer.start(dataDir)) {
            assertThat(mode(dataDir)).as("mode of the data directory").isEqualTo("rwx------");
            assertThat(mode(dataDir.resolve("meshes.db"))).as("mode of meshes.db").isEqualTo("rw-------");
            assertThat(mode(dataDir.resolve("meshes.db-wal"))).as("mode of meshes.db-wal").isEqualTo("rw-------");
            assertThat(mode(dataDir.resolve("master.key"))).as("mode of master.key").isEqualTo("rw-------");
        }
    }

    @Test
    void aDifferentMasterKeyIsRefusedAtStartup() {
        try (TestServer ignored = TestServer.start(dataDir)) {
            // the store now holds secrets sealed with the generated key
        }
        var wrongKey = Base64.getEncoder().encodeToString(SecretBox.newMasterKey());
        var settings = ServerSettings.local(dataDir, null, wrongKey, java.util.Map.of());

        assertThatThrownBy(() -> Meshes.open(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("master key does not match");
    }

    @Test
    void sealedValuesAreBoundToTheirContext() {
        var box = new SecretBox(SecretBox.newMasterKey());
        String sealed = box.seal("s3cret", "machine_key:mk_a");

        assertThat(box.open(sealed, "machine_key:mk_a")).isEqualTo("s3cret");
        assertThatThrownBy(() -> box.open(sealed, "machine_key:mk_b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(SecretBox.newMasterKey()).open(sealed, "machine_key:mk_a"))
                .isInstanceOf(IllegalStateException.class);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
