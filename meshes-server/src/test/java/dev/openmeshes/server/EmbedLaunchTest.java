package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import tools.jackson.databind.JsonNode;

/** The launch URL: one use, before its launch TTL, framed only by the session's allowed origins. */
class EmbedLaunchTest extends OnBothStores {

    Tenant owner;
    UUID workspace;
    EmbedSessions sessions;

    @BeforeParameterizedClassInvocation
    void tenant() {
        owner = server.newTenant("Launch Co");
        workspace = server.newWorkspace(owner, "Launch space");
        sessions = new EmbedSessions(server);
    }

    @Test
    void theLaunchUrlOpensTheEmbedPageWhichOnlyTheAllowedOriginsMayFrame() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\",\"launch_page\":\"events\","
                + "\"allowed_origins\":[\"https://app.example.com\",\"http://localhost:3000\"]}");

        Response page = server.http().get(EmbedSessions.launchPath(s), null);

        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).as("CSP").endsWith("; frame-ancestors https://app.example.com http://localhost:3000")
                .doesNotContain("*", "evil", "unsafe-inline", "nonce-")
                .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'");
        assertThat(page.header("X-Frame-Options")).as("X-Frame-Options, which would forbid every host").isNull();
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.text()).as("the dashboard's own shell, told its session in a data block")
                .contains("/app.js\"></script>", "<script type=\"application/json\" id=\"meshes-embed\">",
                        "\"session_id\":\"" + s.path("session_id").asString() + "\"", "\"launch_page\":\"events\"",
                        "\"allowed_origins\":[\"https://app.example.com\",\"http://localhost:3000\"]");
        assertThat(page.text().replaceAll("<script type=\"(module|application/json)\"", ""))
                .as("no inline script besides the JSON data block").doesNotContain("<script>", "<script ");
        assertThat(page.text()).as("the page's own text").doesNotContain(s.path("access_token").asString(),
                s.path("launch_token").asString());
    }

    @Test
    void withoutAllowedOriginsOnlyThisServersOwnOriginMayFrameThePage() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\"}");

        Response page = server.http().get(EmbedSessions.launchPath(s), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).endsWith("; frame-ancestors 'self'");
    }

    @Test
    void aLaunchTokenWorksOnce() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\"}");
        String path = EmbedSessions.launchPath(s);

        assertThat(server.http().get(path, null).status()).isEqualTo(200);
        Response again = server.http().get(path, null);

        assertThat(again.status()).as("the same launch URL a second time").isEqualTo(410);
        assertThat(again.header("Content-Type")).startsWith("text/html");
        assertThat(again.text()).contains("expired or was already used");
        assertThat(server.http().get("/api/v1/auth", s.path("access_token").asString()).status())
                .as("the session itself, after its launch").isEqualTo(200);
    }

    @Test
    void anExpiredUnknownOrRevokedLaunchIsRefused() {
        JsonNode expired = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\",\"launch_ttl_seconds\":15}");
        sessions.expire(expired.path("session_id").asString());
        JsonNode revoked = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\"}");
        server.http().delete("/api/v1/sessions/" + revoked.path("session_id").asString(), owner.token());

        assertThat(server.http().get(EmbedSessions.launchPath(expired), null).status()).as("expired").isEqualTo(410);
        assertThat(server.http().get(EmbedSessions.launchPath(revoked), null).status()).as("revoked").isEqualTo(410);
        assertThat(server.http().get("/embed/launch?token=mesh_launch_" + "A".repeat(43), null).status())
                .as("unknown").isEqualTo(410);
        assertThat(server.http().get("/embed/launch?token=%27%3Cscript%3E", null).status()).as("malformed").isEqualTo(410);
        assertThat(server.http().get("/embed/launch", null).status()).as("without a token").isEqualTo(400);
        assertThat(server.http().get("/embed/launch?token=" + expired.path("access_token").asString(), null).status())
                .as("an access token in its place").isEqualTo(410);
    }
}
