package dev.openmeshes.server.cli;

import dev.openmeshes.server.MasterKey;
import dev.openmeshes.server.ServerSettings;
import dev.openmeshes.store.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./meshes backup --to DIR}: a consistent copy of the embedded store and its master key,
 * taken while the server runs. Restoring is copying the two files into an empty data directory of a
 * stopped server. PostgreSQL is backed up with its own tools (see docs/operations.md).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the embedded store (meshes.db) and its master.key into an empty directory, safely while "
                + "the server runs. Restore: stop the server and copy both files into its data directory.",
                "With MESHES_DATABASE_URL set, back PostgreSQL up with pg_dump instead (and keep MESHES_MASTER_KEY)."})
final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "An empty or new directory for the copy.")
    Path target;

    @Override
    public Integer call() {
        var settings = ServerSettings.from("127.0.0.1", 0, store.dataDir, System.getenv());
        if (settings.databaseUrl() != null) {
            throw new ParameterException(spec.commandLine(), "the store is PostgreSQL (MESHES_DATABASE_URL): back it up "
                    + "with pg_dump, e.g. pg_dump --format=custom --file=meshes.dump \"$DATABASE\", and keep "
                    + "MESHES_MASTER_KEY with it: without the key the sealed secrets cannot be opened");
        }
        Path database;
        try {
            database = DataDirectory.backUp(store.dataDir, target);
        } catch (IllegalArgumentException refused) {
            throw new ParameterException(spec.commandLine(), refused.getMessage());
        }
        var out = spec.commandLine().getOut();
        Path key = store.dataDir.resolve(MasterKey.FILE_NAME);
        if (Files.exists(key)) {
            Path copy = target.resolve(MasterKey.FILE_NAME);
            DataDirectory.createPrivateFile(copy);
            try { // written into the private file, rather than copied over it with whatever mode the copy gets
                Files.write(copy, Files.readAllBytes(key));
            } catch (IOException e) {
                throw new UncheckedIOException("copying " + key + " failed", e);
            }
            out.println("backed up " + database + " and " + copy + " (keep them together: the key opens the "
                    + "store's sealed secrets)");
        } else {
            out.println("backed up " + database + "; the master key is MESHES_MASTER_KEY: keep it with the copy");
        }
        return 0;
    }
}
