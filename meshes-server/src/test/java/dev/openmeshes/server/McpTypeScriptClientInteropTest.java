package dev.openmeshes.server;

import java.util.Map;

/** The official TypeScript MCP client over streamable HTTP at {@code /mcp}, with a jose-minted machine JWT. */
class McpTypeScriptClientInteropTest extends TypeScriptMcpClientContract {

    @Override
    String transport() {
        return "http";
    }

    @Override
    Map<String, String> transportEnvironment() {
        return Map.of("MESHES_API_URL", "http://127.0.0.1:" + server.port());
    }
}
