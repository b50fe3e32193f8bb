package dev.openmeshes.server.support;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One real server on the embedded store, shared by the tests of a class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnSqlite {

    @TempDir
    static Path tempDir;

    protected TestServer server;

    @BeforeAll
    void startServer() {
        server = TestServer.start(tempDir);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
