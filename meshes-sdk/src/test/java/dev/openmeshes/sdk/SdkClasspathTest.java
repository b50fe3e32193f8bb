package dev.openmeshes.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK ships without the server: its test classpath, which holds its compile and runtime
 * classpaths, has no other OpenMeshes module and none of the server's libraries.
 */
class SdkClasspathTest {

    @Test
    void noServerModuleOrServerLibraryIsOnTheSdksClasspath() {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));

        assertThat(entries).as("classpath entries").noneMatch(entry -> entry.matches(
                ".*(meshes-(core|store|connectors|server|bench)|helidon|nimbus|sqlite|postgresql|HikariCP|jdbi|flyway).*"));
        for (String serverClass : List.of("dev.openmeshes.core.auth.MachineTokens", "dev.openmeshes.server.Meshes",
                "dev.openmeshes.connectors.webhook.WebhookConnector")) {
            assertThat(loadable(serverClass)).as("%s loadable from the SDK", serverClass).isFalse();
        }
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, SdkClasspathTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
