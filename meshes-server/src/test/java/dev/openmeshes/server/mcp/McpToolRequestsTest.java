package dev.openmeshes.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.http.Json;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each tool's one API request, as the hosted server makes it, seen by a recording API. */
class McpToolRequestsTest {

    private static final String ID = "0b8e4c9a-6f1e-4d7b-9a3c-2f5d8e1a7b40";
    private static final String OTHER = "7d2f1e0c-3b4a-4c5d-8e9f-a0b1c2d3e4f5";

    private final List<ApiRequest> sent = new ArrayList<>();
    private ApiAnswer answer = new ApiAnswer(200, Json.tree(Map.of("ok", true)));

    private ApiRequest request(String tool, Map<String, Object> arguments) {
        call(tool, arguments);
        assertThat(sent).as("one API request per tool call").hasSize(1);
        return sent.getFirst();
    }

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        MeshesApi api = request -> {
            sent.add(request);
            return answer;
        };
        return MeshesTools.all().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow()
                .call(api, arguments);
    }

    @Test
    void createRuleSendsTheActionInsideMetadataWithTheExtraData() {
        ApiRequest rule = request("meshes_create_rule", Map.of("workspace", ID, "connection", OTHER,
                "event", "user.signup", "action", "add_to_list", "metadata_extra", Map.of("id", "list-1")));
        assertThat(rule.method()).isEqualTo("POST");
        assertThat(rule.path()).isEqualTo("/rules");
        assertThat(rule.body().path("metadata")).isEqualTo(Json.tree(Map.of("action", "add_to_list", "id", "list-1")));
        assertThat(rule.body().has("active")).as("absent inputs stay absent: the API applies defaults").isFalse();
    }

    @Test
    void deleteConnectionSendsABodyOnlyWhenForcing() {
        assertThat(request("meshes_delete_connection", Map.of("connection_id", ID)).body()).isNull();
        sent.clear();
        assertThat(request("meshes_delete_connection", Map.of("connection_id", ID, "force_delete", true)).body())
                .isEqualTo(Json.tree(Map.of("force_delete", true)));
    }

    @Test
    void queryParametersAreOnlyThoseGiven() {
        assertThat(request("meshes_get_connection_fields", Map.of("connection_id", ID, "refresh", false)).query())
                .isEmpty();
        sent.clear();
        ApiRequest sessions = request("meshes_list_sessions", Map.of("workspace_id", ID, "limit", 5, "status", "active"));
        assertThat(sessions.path()).isEqualTo("/sessions");
        assertThat(sessions.query()).containsExactly(Map.entry("workspace_id", ID), Map.entry("limit", "5"),
                Map.entry("status", "active"));
    }

    @Test
    void bulkEventsAreSentAsTheBareArray() {
        var events = List.of(Map.of("workspace", ID, "event", "a", "payload", Map.of()));
        ApiRequest bulk = request("meshes_emit_bulk_events", Map.of("events", events));
        assertThat(bulk.path()).isEqualTo("/events/bulk");
        assertThat(bulk.body().isArray()).isTrue();
    }

    @Test
    void activityIsTheOrganizationsUnlessAWorkspaceIsNamed() {
        assertThat(request("meshes_get_activity", Map.of()).path()).isEqualTo("/activity");
        sent.clear();
        assertThat(request("meshes_get_activity", Map.of("workspace_id", ID, "minutes", 60)).path())
                .isEqualTo("/workspaces/" + ID + "/activity");
    }

    @Test
    void aFreeTextIdCannotLeaveItsPathSegment() {
        assertThat(request("meshes_refresh_session", Map.of("session_id", "../keys")).path())
                .isEqualTo("/sessions/..%2Fkeys/refresh");
    }

    @Test
    void anApiRefusalIsAToolErrorWithTheStatusAndTheBody() {
        answer = new ApiAnswer(409, Json.tree(Map.of("error", "delivery_finished")));
        CallToolResult result = call("meshes_cancel_event", Map.of("event_id", ID));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("Meshes API 409: {\"error\":\"delivery_finished\"}");
    }

    @Test
    void anUnreachableApiIsAToolErrorNotAnException() {
        MeshesApi down = request -> {
            throw new UncheckedIOException("the Meshes API at http://x/api/v1 could not be reached: refused",
                    new IOException("refused"));
        };
        CallToolResult result = MeshesTools.all().getFirst().call(down, Map.of());
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("could not be reached");
    }

    @Test
    void theBaseUrlIsReadAsTheHostedServerReadsIt() {
        assertThat(HttpMeshesApi.apiBase("http://h:8080/")).isEqualTo("http://h:8080/api/v1");
        assertThat(HttpMeshesApi.apiBase("http://h:8080/api/v1/")).isEqualTo("http://h:8080/api/v1");
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().getFirst()).text();
    }
}
