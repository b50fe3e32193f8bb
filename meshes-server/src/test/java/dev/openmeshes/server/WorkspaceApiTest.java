package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workspaces as the Meshes reference defines them, with their publishable keys. */
class WorkspaceApiTest extends OnSqlite {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Tenant owner;

    @BeforeEach
    void owner() {
        owner = server.newTenant("Workspace Co");
    }

    @Test
    void createReturnsTheWrappedWorkspaceWithAPublishableKey() {
        var created = server.http().post("/api/v1/workspaces", owner.token(),
                "{\"name\":\"Main app\",\"description\":\"Production events\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).contains("json");
        var workspace = created.json().path("workspace");
        assertThat(UUID.fromString(workspace.path("id").asString()).version()).isEqualTo(4);
        assertThat(workspace.path("name").asString()).isEqualTo("Main app");
        assertThat(workspace.path("description").asString()).isEqualTo("Production events");
        assertThat(workspace.path("created_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(workspace.path("publishable_key").path("public_key").asString()).matches(Credentials.PUBLISHABLE_KEY);
    }

    @Test
    void getReturnsTheBareDetailAndListsUseTheEnvelope() {
        UUID id = server.newWorkspace(owner, "Detail space");

        var detail = server.http().get("/api/v1/workspaces/" + id, owner.token()).json();
        assertThat(detail.path("id").asString()).isEqualTo(id.toString());
        assertThat(detail.path("description").isNull()).isTrue();
        assertThat(detail.path("publishable_key").path("name").asString()).isEqualTo("Default");

        var list = server.http().get("/api/v1/workspaces", owner.token()).json();
        assertThat(list.path("records").size()).isEqualTo(1);
        assertThat(list.path("count").asInt()).isEqualTo(1);
        assertThat(list.path("limit").asInt()).isEqualTo(50);
        assertThat(list.has("next_cursor")).isTrue();
        assertThat(list.path("next_cursor").isNull()).isTrue();
        assertThat(list.path("records").get(0).has("publishable_key")).isFalse();
    }

    @Test
    void updateReplacesTheNameAndKeepsOrClearsTheDescription() {
        String path = "/api/v1/workspaces/" + server.newWorkspace(owner, "Before");
        server.http().put(path, owner.token(), "{\"name\":\"Before\",\"description\":\"kept\"}");

        var renamed = server.http().put(path, owner.token(), "{\"name\":\"After\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().path("name").asString()).isEqualTo("After");
        assertThat(renamed.json().path("description").asString()).isEqualTo("kept");
        assertThat(renamed.json().has("publishable_key")).isFalse();

        var cleared = server.http().put(path, owner.token(), "{\"name\":\"After\",\"description\":null}");
        assertThat(cleared.json().path("description").isNull()).isTrue();
    }

    @Test
    void invalidWorkspacesGetFieldLevelErrors() {
        var response = server.http().post("/api/v1/workspaces", owner.token(),
                "{\"name\":\"x!\",\"description\":\"" + "d".repeat(1025) + "\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("validation_failed");
        assertThat(response.json().path("details").toString()).contains("\"field\":\"name\"", "\"field\":\"description\"");
        assertThat(server.http().post("/api/v1/workspaces", owner.token(), "{}").status()).isEqualTo(400);
        assertThat(server.http().post("/api/v1/workspaces", owner.token(), "{\"name\":\"Bad id\",\"id\":\"123\"}").status())
                .isEqualTo(400);
    }

    @Test
    void namesAreUniquePerOrganization() {
        server.newWorkspace(owner, "Unique");

        var duplicate = server.http().post("/api/v1/workspaces", owner.token(), "{\"name\":\"unique\"}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.error()).isEqualTo("workspace_name_conflict");
    }

    @Test
    void aClientChosenIdIsKeptAndASecondCreateConflicts() {
        UUID id = UUID.randomUUID();

        var first = server.http().post("/api/v1/workspaces", owner.token(), "{\"id\":\"" + id + "\",\"name\":\"Mine\"}");
        var again = server.http().post("/api/v1/workspaces", owner.token(), "{\"id\":\"" + id + "\",\"name\":\"Mine 2\"}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("workspace").path("id").asString()).isEqualTo(id.toString());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("id_conflict");
    }

    @Test
    void listsPageWithLimitAndCursor() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(server.newWorkspace(owner, "Paged " + i).toString());
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = server.http().get("/api/v1/workspaces?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    owner.token()).json();
            page.path("records").forEach(r -> seen.add(r.path("id").asString()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);
        assertThat(server.http().get("/api/v1/workspaces?limit=0", owner.token()).status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/workspaces?limit=201", owner.token()).status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/workspaces?limit=ten", owner.token()).status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/workspaces?cursor=%21%21", owner.token()).status()).isEqualTo(400);
    }

    @Test
    void thePublishableKeyCanBeReadAndRotatedWithAGracePeriod() {
        String path = "/api/v1/workspaces/" + server.newWorkspace(owner, "Browser app") + "/publishable-key";
        String before = server.http().get(path, owner.token()).json().path("public_key").asString();

        var rotated = server.http().post(path + "/rotate", owner.token(), "{\"grace_period_seconds\":3600}");

        assertThat(rotated.status()).isEqualTo(200);
        String after = rotated.json().path("public_key").asString();
        assertThat(after).matches(Credentials.PUBLISHABLE_KEY).isNotEqualTo(before);
        assertThat(rotated.json().path("previous_public_key").asString()).isEqualTo(before);
        var immediate = server.http().post(path + "/rotate", owner.token(), "{}");
        assertThat(immediate.json().path("previous_public_key").isNull()).isTrue();
        assertThat(server.http().post(path + "/rotate", owner.token(), "{\"grace_period_seconds\":-1}").status())
                .isEqualTo(400);
    }

    @Test
    void aPathIdThatIsNotAUuidIsABadRequest() {
        var response = server.http().get("/api/v1/workspaces/not-a-uuid", owner.token());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("details").get(0).path("field").asString()).isEqualTo("workspace_id");
        assertThat(server.http().get("/api/v1/workspaces/" + UUID.randomUUID(), owner.token()).status()).isEqualTo(404);
    }
}
