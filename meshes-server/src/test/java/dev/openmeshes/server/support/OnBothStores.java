package dev.openmeshes.server.support;

import dev.openmeshes.store.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs a test class twice against a real server: once on SQLite, once on PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnBothStores {

    @TempDir
    static Path tempDir;

    @Parameter
    protected TestDatabases.Kind kind;

    protected TestServer server;

    @BeforeParameterizedClassInvocation
    void startServer(TestDatabases.Kind storeKind) {
        server = TestServer.start(storeKind, tempDir.resolve(storeKind.name()), settings());
    }

    /** Settings of the test's server beyond the test defaults (e.g. a slower retry schedule). */
    protected java.util.Map<String, String> settings() {
        return java.util.Map.of();
    }

    @AfterParameterizedClassInvocation
    void stopServer() {
        server.close();
    }
}
