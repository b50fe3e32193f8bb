package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code meshes backup --to DIR} while the server runs, then a restore by copying the two files into
 * an empty data directory: the restored server has the events, and opens the sealed secrets.
 */
class BackupCommandTest {

    @TempDir
    Path dir;

    @Test
    void aBackupTakenWhileTheServerRunsRestoresWhatItHeldAndTheKeysItsMasterKeySealed() throws Exception {
        Path data = dir.resolve("data"), backup = dir.resolve("backup"), restored = dir.resolve("restored");
        UUID event;
        UUID connection;
        String token;
        try (TestServer server = TestServer.start(data)) {
            var scenario = new Scenario(server, "Backed up");
            connection = scenario.connection("Hook", "{\"url\":\"https://hooks.example/in\",\"skip_url_test\":true}");
            event = scenario.emitOk("order.paid", "{\"n\":1}");
            Run run = run("backup", "--data-dir", data.toString(), "--to", backup.toString());
            assertThat(run.status()).as("backup while the server runs: %s", run).isZero();
            assertThat(run.out()).contains("meshes.db").contains("master.key");
            scenario.emitOk("order.paid", "{\"n\":2}"); // after the copy: not in it
            token = scenario.tenant.token();
        }
        for (String file : new String[] {"meshes.db", "master.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.resolve(file))))
                    .as("%s of the backup, private to its owner", file).isEqualTo("rw-------");
        }
        Files.createDirectories(restored);
        Files.copy(backup.resolve("meshes.db"), restored.resolve("meshes.db"));
        Files.copy(backup.resolve("master.key"), restored.resolve("master.key"));

        try (TestServer server = TestServer.start(restored)) {
            // the machine key's secret is sealed with the master key: the token it signs works only if both came back
            var found = server.http().get("/api/v1/events/" + event, token);
            assertThat(found.status()).as("the event, after the restore: %s", found).isEqualTo(200);
            var events = server.http().get("/api/v1/events", token).json().path("records");
            assertThat(events.size()).as("only what the copy held").isEqualTo(1);
            var saved = server.http().get("/api/v1/connections/" + connection, token);
            assertThat(saved.status()).as("the connection: %s", saved).isEqualTo(200);
            assertThat(saved.json().path("workspace").asString()).isNotEmpty();
        }
    }

    @Test
    void aBackupIntoADirectoryHoldingAStoreOrFromNoStoreIsRefusedAsAUsageError() throws Exception {
        Path data = dir.resolve("data"), backup = dir.resolve("backup");
        try (TestServer server = TestServer.start(data)) {
            assertThat(run("backup", "--data-dir", data.toString(), "--to", backup.toString()).status()).isZero();
            Run again = run("backup", "--data-dir", data.toString(), "--to", backup.toString());
            assertThat(again.status()).as("into a directory with a store: %s", again).isEqualTo(2);
            assertThat(again.err()).contains("exists already");
        }
        Run none = run("backup", "--data-dir", dir.resolve("nothing").toString(), "--to", dir.resolve("b2").toString());
        assertThat(none.status()).as("from a directory without a store: %s", none).isEqualTo(2);
        assertThat(none.err()).contains("no embedded store");
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int status = Main.commandLine(CommandLine.defaultFactory()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
