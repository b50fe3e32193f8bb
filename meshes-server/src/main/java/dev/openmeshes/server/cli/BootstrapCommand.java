package dev.openmeshes.server.cli;

import dev.openmeshes.server.Meshes;
import dev.openmeshes.server.ServerSettings;
import dev.openmeshes.server.http.Json;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Create an organization and its owner machine key; prints the credentials once.")
final class BootstrapCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--org-name", required = true, description = "Name of the new organization.")
    String organizationName;

    @Option(names = "--json", description = "Print one JSON object (the last line of output).")
    boolean json;

    @Override
    public Integer call() {
        var settings = ServerSettings.from("127.0.0.1", 0, store.dataDir, System.getenv());
        try (Meshes meshes = Meshes.open(settings)) {
            var created = meshes.bootstrap().createOrganization(organizationName);
            var out = new LinkedHashMap<String, Object>();
            out.put("organization_id", created.organization().id().toString());
            out.put("organization_name", created.organization().name());
            out.put("key_id", created.ownerKey().key().id().toString());
            out.put("access_key", created.ownerKey().key().accessKey());
            out.put("secret_key", created.ownerKey().secretKey());
            out.put("scopes", created.ownerKey().key().scopes());
            if (json) {
                System.out.println(Json.MAPPER.writeValueAsString(out));
            } else {
                out.forEach((name, value) -> System.out.println(name + ": " + value));
                System.out.println("The secret key is shown only now; keep it somewhere safe.");
            }
        }
        return 0;
    }
}
