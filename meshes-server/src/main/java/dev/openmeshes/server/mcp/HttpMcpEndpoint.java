package dev.openmeshes.server.mcp;

import dev.openmeshes.server.http.Api;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /mcp}: the tools over MCP's streamable HTTP transport, stateless. Every POST carries one
 * JSON-RPC message and the caller's own {@code Authorization} header, checked before this runs
 * ({@code Api}); the tools forward that token to the API, so they run as the caller with exactly
 * the API's scope and tenancy checks. No session outlives a request, so no token has to outlive
 * its 60 seconds either. There is no server-to-client stream: GET and DELETE are 405.
 */
public final class HttpMcpEndpoint implements McpStatelessServerTransport {

    private static final String TOKEN = "bearer_token";
    private static final String CORRELATION_ID = "correlation_id";
    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.shared());

    private McpStatelessServerHandler handler;

    /** @param apiAs the API as the holder of a bearer token, its calls carrying the request's correlation id */
    public HttpMcpEndpoint(BiFunction<String, String, MeshesApi> apiAs) {
        // Building the server hands it to this transport (setMcpHandler): this endpoint is all that holds it.
        McpServer.sync(this)
                .serverInfo(MeshesTools.SERVER_NAME, MeshesTools.SERVER_VERSION)
                .capabilities(ServerCapabilities.builder().tools(false).build())
                // the request's own virtual thread runs the tool, rather than Reactor's bounded pool
                .immediateExecution(true)
                .tools(MeshesTools.all().stream()
                        .map(tool -> new SyncToolSpecification(tool.tool(), (context, request) ->
                                tool.call(apiAs.apply((String) context.get(TOKEN), (String) context.get(CORRELATION_ID)),
                                        request.arguments())))
                        .toList())
                .build();
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    /**
     * The header a client sends after initialization, naming the protocol version it negotiated;
     * absent (an older client, or the initialize request itself), the SDK's negotiation decides.
     */
    private static final HeaderName PROTOCOL_VERSION = HeaderNames.create("MCP-Protocol-Version");

    /** Answers one POSTed JSON-RPC message as the caller with this bearer token. */
    public void post(String token, ServerRequest req, byte[] body, ServerResponse res) {
        var version = req.headers().first(PROTOCOL_VERSION);
        if (version.isPresent() && !protocolVersions().contains(version.get())) {
            // the transport specification: a version the server does not support is a 400
            error(res, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Unsupported MCP-Protocol-Version "
                    + version.get() + "; supported: " + String.join(", ", protocolVersions()));
            return;
        }
        // the API's calls carry this request's correlation id (set on the answer by Api before this runs)
        String correlationId = res.headers().first(Api.CORRELATION_ID).orElse("");
        var context = McpTransportContext.create(Map.of(TOKEN, token, CORRELATION_ID, correlationId));
        McpSchema.JSONRPCMessage message;
        try {
            if (!isJsonObject(body)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            message = McpSchema.deserializeJsonRpcMessage(JSON, new String(body, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            error(res, 400, McpSchema.ErrorCodes.PARSE_ERROR, "Not a JSON-RPC message");
            return;
        }
        switch (message) {
            case McpSchema.JSONRPCRequest request -> {
                McpSchema.JSONRPCResponse response = handler.handleRequest(context, request)
                        .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)).block();
                json(res, 200, response);
            }
            case McpSchema.JSONRPCNotification notification -> {
                handler.handleNotification(context, notification)
                        .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)).block();
                res.status(Status.ACCEPTED_202).send();
            }
            default -> error(res, 400, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "This server accepts requests and notifications only");
        }
    }

    /**
     * Whether the body starts as a JSON object, as every JSON-RPC message does. The SDK reads the
     * body into a map first, and a JSON {@code null} gives it no map: it fails with a
     * NullPointerException, so what is no object never reaches it.
     */
    private static boolean isJsonObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    /** GET (a server-to-client stream) and DELETE (ending a session): neither exists here. */
    public static void notAllowed(ServerResponse res) {
        res.header(HeaderNames.ALLOW, "POST");
        res.status(Status.METHOD_NOT_ALLOWED_405).send();
    }

    /** A JSON-RPC error about a message that has no id to answer (JSON-RPC 2.0 §5: {@code "id": null}). */
    private static void error(ServerResponse res, int status, int code, String message) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.putNull("id").set("error", error);
        json(res, status, body);
    }

    private static void json(ServerResponse res, int status, Object body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
