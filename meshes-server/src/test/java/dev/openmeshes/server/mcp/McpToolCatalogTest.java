package dev.openmeshes.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** Our declarations of the hosted tools against the hosted server's (meshes-api.md §7, MCP 1.0.10). */
class McpToolCatalogTest {

    /** name | required inputs | optional inputs | annotation (RO, write, idempotent, destructive) */
    private static final String HOSTED = """
            meshes_list_workspaces | | | RO
            meshes_get_workspace | workspace_id | | RO
            meshes_create_workspace | name | description | write
            meshes_update_workspace | workspace_id name | description | idempotent
            meshes_get_workspace_connections | workspace_id | | RO
            meshes_get_workspace_event_types | workspace_id | | RO
            meshes_get_workspace_resources | workspace_id | | RO
            meshes_get_workspace_rules | workspace_id | event resource resource_id | RO
            meshes_list_connections | | | RO
            meshes_get_connection | connection_id | | RO
            meshes_create_connection | workspace type name metadata | hidden | write
            meshes_update_connection | connection_id name metadata | hidden | idempotent
            meshes_delete_connection | connection_id | force_delete | destructive
            meshes_get_connection_actions | connection_id | | RO
            meshes_get_connection_fields | connection_id | refresh | RO
            meshes_get_connection_default_mappings | connection_id | | RO
            meshes_update_connection_default_mappings | connection_id schema | workspace_id mapping_id expected_version name | idempotent
            meshes_list_integrations | | | RO
            meshes_list_rules | | event resource resource_id | RO
            meshes_get_rule | rule_id | | RO
            meshes_create_rule | workspace connection event action | resource resource_id active hidden metadata_extra | write
            meshes_delete_rule | rule_id | | destructive
            meshes_emit_event | workspace event payload | resource resource_id | write
            meshes_emit_bulk_events | events | | write
            meshes_list_events | | limit cursor | RO
            meshes_get_workspace_events | workspace_id | limit cursor event status resource resource_id | RO
            meshes_get_event | event_id | | RO
            meshes_get_event_payload | event_id | | RO
            meshes_retry_event_rule | event_id rule_id | | write
            meshes_create_session | workspace_id | role session_type external_user_id ttl_seconds launch_ttl_seconds launch_page resource resource_id allowed_origins scopes | write
            meshes_list_sessions | workspace_id | limit cursor status resource resource_id | RO
            meshes_refresh_session | session_id | | write
            meshes_revoke_session | session_id | | destructive
            """;

    private final Map<String, Tool> tools = MeshesTools.all().stream().map(MeshesTool::tool)
            .collect(Collectors.toMap(Tool::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    @Test
    void theHostedToolsComeFirstWithTheirNamesInOrder() {
        List<String> expected = HOSTED.lines().map(line -> line.split("\\|")[0].trim()).toList();
        assertThat(MeshesTools.hosted().stream().map(MeshesTool::name).toList()).hasSize(33).isEqualTo(expected);
        assertThat(tools).as("no tool name twice").hasSize(MeshesTools.all().size());
    }

    @Test
    void eachHostedToolRequiresAndOffersTheHostedInputs() {
        HOSTED.lines().forEach(line -> {
            String[] cells = line.split("\\|");
            Tool tool = tools.get(cells[0].trim());
            assertThat(required(tool)).as("%s required inputs", tool.name()).isEqualTo(words(cells[1]));
            assertThat(properties(tool).keySet()).as("%s inputs", tool.name())
                    .containsExactlyInAnyOrderElementsOf(concat(words(cells[1]), words(cells[2])));
        });
    }

    @Test
    void eachHostedToolCarriesTheHostedAnnotations() {
        HOSTED.lines().forEach(line -> {
            String[] cells = line.split("\\|");
            var hints = tools.get(cells[0].trim()).annotations();
            String kind = cells[3].trim();
            assertThat(hints.readOnlyHint()).as("%s readOnlyHint", cells[0]).isEqualTo(kind.equals("RO"));
            assertThat(hints.destructiveHint()).as("%s destructiveHint", cells[0]).isEqualTo(kind.equals("destructive"));
            assertThat(hints.idempotentHint()).as("%s idempotentHint", cells[0])
                    .isEqualTo(kind.equals("RO") || kind.equals("idempotent"));
        });
    }

    @Test
    void idInputsAreUuidsThatTheSchemaItselfRefusesWhenMalformed() {
        for (Tool tool : tools.values()) {
            properties(tool).forEach((name, schema) -> {
                if (name.endsWith("_id") && !List.of("session_id", "resource_id", "external_user_id").contains(name)
                        || List.of("workspace", "connection").contains(name)) {
                    assertThat(schema).as("%s.%s", tool.name(), name)
                            .containsEntry("format", "uuid").containsEntry("pattern", Property.UUID_PATTERN);
                }
            });
        }
    }

    @Test
    void theHostedDefaultsAndRangesAreDeclared() {
        assertThat(properties(tools.get("meshes_list_events")).get("limit"))
                .containsEntry("minimum", 1L).containsEntry("maximum", 200L).containsEntry("default", 50);
        assertThat(properties(tools.get("meshes_create_session")).get("ttl_seconds"))
                .containsEntry("minimum", 300L).containsEntry("maximum", 3600L).containsEntry("default", 1800);
        assertThat(properties(tools.get("meshes_create_connection")).get("type").get("enum"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(15).contains("pipedrive");
        assertThat(properties(tools.get("meshes_create_workspace")).get("name"))
                .containsEntry("minLength", 3).containsEntry("maxLength", 50);
    }

    @Test
    void ourOwnToolsFollowTheSameNaming() {
        assertThat(MeshesTools.ours()).extracting(MeshesTool::name).allMatch(name -> name.matches("meshes_[a-z_]+"))
                .contains("meshes_list_event_rule_attempts", "meshes_get_event_rule_attempt", "meshes_cancel_event_rule",
                        "meshes_cancel_event", "meshes_list_keys", "meshes_create_key", "meshes_rotate_key",
                        "meshes_revoke_key", "meshes_get_activity");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> properties(Tool tool) {
        return (Map<String, Map<String, Object>>) tool.inputSchema().get("properties");
    }

    @SuppressWarnings("unchecked")
    private static List<String> required(Tool tool) {
        return (List<String>) tool.inputSchema().get("required");
    }

    private static List<String> words(String cell) {
        return cell.isBlank() ? List.of() : Arrays.asList(cell.trim().split("\\s+"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
