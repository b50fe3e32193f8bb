package dev.openmeshes.server.cli;

import dev.openmeshes.core.service.Bootstrap;
import dev.openmeshes.server.Meshes;
import dev.openmeshes.server.MeshesServer;
import dev.openmeshes.server.ServerSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the API server (SQLite under --data-dir unless MESHES_DATABASE_URL is set).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        var settings = ServerSettings.from(host, port, store.dataDir, System.getenv());
        Meshes meshes = Meshes.open(settings);
        var firstStart = meshes.bootstrap().createFirstOrganizationIfEmpty("Default organization");
        MeshesServer server = MeshesServer.start(meshes, settings);
        String url = "http://localhost:" + server.port();
        System.out.println("OpenMeshes is listening on " + url + " (" + meshes.store().kind() + " store"
                + (settings.worker() ? ")" : "; API only: MESHES_WORKER=off, deliveries are left to worker nodes)"));
        firstStart.ifPresent(created -> printQuickstart(url, created));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private static void printQuickstart(String url, Bootstrap.Credentials created) {
        System.out.println("""

                First start: created the organization "%s" and its owner key.
                The secret key is shown only now; keep it somewhere safe.

                  export MESHES_API_URL=%s
                  export MESHES_ORG_ID=%s
                  export MESHES_ACCESS_KEY=%s
                  export MESHES_SECRET_KEY=%s

                Then:  curl $MESHES_API_URL/api/v1/workspaces -H "Authorization: Bearer $(./meshes token)"
                """.formatted(created.organization().name(), url, created.organization().id(),
                created.ownerKey().key().accessKey(), created.ownerKey().secretKey()));
        System.out.flush();
    }
}
