package dev.openmeshes.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives; shared by every command that opens the store. */
final class StoreOptions {

    @Option(names = "--data-dir", defaultValue = "./data", paramLabel = "DIR",
            description = "Directory of the embedded SQLite store and its key file (default: ${DEFAULT-VALUE}). "
                    + "Ignored for the database when MESHES_DATABASE_URL names a PostgreSQL database.")
    Path dataDir;
}
