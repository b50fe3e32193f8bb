package dev.openmeshes.server.mcp;

/**
 * Performs a Meshes API request as one caller. The tools run against this alone, so the same tool
 * set serves {@code meshes mcp} (a key's own tokens, over HTTP) and {@code /mcp} (the MCP caller's
 * token, over loopback); every scope and tenancy check stays the API's.
 */
@FunctionalInterface
public interface MeshesApi {

    /** @throws java.io.UncheckedIOException when the API cannot be reached */
    ApiAnswer send(ApiRequest request);
}
