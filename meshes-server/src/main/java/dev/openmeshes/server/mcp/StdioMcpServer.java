package dev.openmeshes.server.mcp;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.json.JsonMapper;

/** The tools over stdio, one JSON-RPC message a line, until the client closes the input. */
public final class StdioMcpServer {

    private StdioMcpServer() {}

    /** Serves until {@code in} ends, then closes the server. */
    public static void serve(MeshesApi api, InputStream in, OutputStream out) throws InterruptedException {
        var ended = new CountDownLatch(1);
        var provider = new StdioServerTransportProvider(new JacksonMcpJsonMapper(JsonMapper.shared()),
                new EndSignallingInput(in, ended), out);
        McpSyncServer server = McpServer.sync(provider)
                .serverInfo(MeshesTools.SERVER_NAME, MeshesTools.SERVER_VERSION)
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .tools(MeshesTools.all().stream()
                        .map(tool -> new SyncToolSpecification(tool.tool(),
                                (exchange, request) -> tool.call(api, request.arguments())))
                        .toList())
                .build();
        ended.await();
        server.closeGracefully();
    }

    /** The transport reads stdin on a thread of its own; this tells the command when there is no more. */
    private static final class EndSignallingInput extends FilterInputStream {

        private final CountDownLatch ended;

        EndSignallingInput(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            return signalled(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return signalled(super.read(b, off, len));
        }

        private int signalled(int read) {
            if (read < 0) {
                ended.countDown();
            }
            return read;
        }
    }
}
