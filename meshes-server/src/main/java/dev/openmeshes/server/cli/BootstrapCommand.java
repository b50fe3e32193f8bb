package dev.openmeshes.server.cli;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.service.Bootstrap;
import dev.openmeshes.server.Meshes;
import dev.openmeshes.server.ServerSettings;
import dev.openmeshes.server.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = {"Create an organization and its owner machine key; prints the credentials once.",
                "With --email, also its first owner who signs in with that email and password; with --org-id,"
                        + " that owner is added to an existing organization instead (no key is made).",
                "With --platform-admin, a platform admin's operator key instead, which manages every organization."})
final class BootstrapCommand implements Callable<Integer> {

    static final String PASSWORD_VARIABLE = "MESHES_BOOTSTRAP_PASSWORD";

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--org-name", description = "Name of the new organization.")
    String organizationName;

    @Option(names = "--org-id", description = "An existing organization to give an owner (with --email).")
    UUID organizationId;

    @Option(names = "--email", description = "Email of the organization's first owner, a person who signs in.")
    String email;

    @Option(names = "--password", description = "That owner's password (10 to 256 characters); better in "
            + PASSWORD_VARIABLE + ", which stays out of the shell history. Never printed.")
    String password;

    @Option(names = "--platform-admin", description = "Create a platform admin's operator key (scope platform:admin),"
            + " in no customer organization.")
    boolean platformAdmin;

    @Option(names = "--json", description = "Print one JSON object (the last line of output).")
    boolean json;

    @Override
    public Integer call() {
        if (platformAdmin && (organizationName != null || organizationId != null || email != null)) {
            throw new ParameterException(spec.commandLine(), "--platform-admin takes none of --org-name, --org-id, --email");
        }
        if (!platformAdmin && (organizationName == null) == (organizationId == null)) {
            throw new ParameterException(spec.commandLine(), "Give exactly one of --org-name and --org-id");
        }
        if (organizationId != null && email == null) {
            throw new ParameterException(spec.commandLine(), "--org-id adds an owner to an organization: give --email");
        }
        String ownerPassword = password != null ? password : System.getenv(PASSWORD_VARIABLE);
        if (email != null && ownerPassword == null) {
            throw new ParameterException(spec.commandLine(), "--email needs --password or " + PASSWORD_VARIABLE);
        }
        var settings = ServerSettings.from("127.0.0.1", 0, store.dataDir, System.getenv());
        try (Meshes meshes = Meshes.open(settings)) {
            var out = new LinkedHashMap<String, Object>();
            if (email != null) {
                meshes.people().checkNewOwner(email, ownerPassword); // before anything is created
            }
            Organization organization;
            if (platformAdmin) {
                var created = meshes.bootstrap().createPlatformAdmin();
                organization = created.organization();
                out.put("organization_id", organization.id().toString());
                putKey(out, created);
            } else if (organizationId == null) {
                var created = meshes.bootstrap().createOrganization(organizationName);
                organization = created.organization();
                out.put("organization_id", organization.id().toString());
                out.put("organization_name", organization.name());
                putKey(out, created);
            } else {
                organization = meshes.store().organizations().find(organizationId)
                        .orElseThrow(() -> Problem.notFound("Organization " + organizationId));
                out.put("organization_id", organization.id().toString());
                out.put("organization_name", organization.name());
            }
            if (email != null) {
                var owner = meshes.people().addOwner(organization.id(), email, ownerPassword);
                out.put("owner_user_id", owner.user().id().toString());
                out.put("owner_email", owner.user().email());
            }
            if (json) {
                System.out.println(Json.MAPPER.writeValueAsString(out));
            } else {
                out.forEach((name, value) -> System.out.println(name + ": " + value));
                if (out.containsKey("secret_key")) {
                    System.out.println("The secret key is shown only now; keep it somewhere safe.");
                }
            }
        } catch (Problem refused) {
            spec.commandLine().getErr().println("meshes bootstrap: " + refused.getMessage() + refused.details().stream()
                    .map(d -> d.field() + " " + d.message()).collect(Collectors.joining("; ", refused.details().isEmpty() ? "" : ": ", "")));
            return 2;
        }
        return 0;
    }

    private static void putKey(Map<String, Object> out, Bootstrap.Credentials created) {
        out.put("key_id", created.ownerKey().key().id().toString());
        out.put("access_key", created.ownerKey().key().accessKey());
        out.put("secret_key", created.ownerKey().secretKey());
        out.put("scopes", created.ownerKey().key().scopes());
    }
}
