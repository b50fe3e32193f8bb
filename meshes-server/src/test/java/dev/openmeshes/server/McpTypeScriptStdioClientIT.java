package dev.openmeshes.server;

import dev.openmeshes.server.support.PackagedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The official TypeScript MCP client spawning the packaged jar's {@code mcp} command over stdio, as a
 * desktop agent does. An IT because the jar exists only after {@code package}.
 */
class McpTypeScriptStdioClientIT extends TypeScriptMcpClientContract {

    @Override
    String transport() {
        return "stdio";
    }

    @Override
    Map<String, String> transportEnvironment() {
        // -Dtest='Mcp*' selects this class for surefire too, which runs before the jar is packaged
        Assumptions.assumeTrue(Files.isRegularFile(PackagedServer.JAR),
                PackagedServer.JAR + " is not packaged yet; this runs in failsafe (mvn verify); skipped");
        return Map.of("MESHES_API_URL", "http://127.0.0.1:" + server.port(),
                "MESHES_JAR", PackagedServer.JAR.toString(),
                "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
