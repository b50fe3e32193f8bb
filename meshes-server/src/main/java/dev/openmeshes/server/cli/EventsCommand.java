package dev.openmeshes.server.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "events", mixinStandardHelpOptions = true, description = "The event history: list, read, follow live.",
        subcommands = {EventsCommand.ListEvents.class, EventsCommand.GetEvent.class, EventsCommand.TailEvents.class})
final class EventsCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("EVENT", "event"),
            Column.of("STATUS", "status"), Column.of("RULES", "total_rules"), Column.of("DONE", "completed_count"),
            Column.of("FAILED", "failed_count"), Column.of("RESOURCE", "resource"), Column.of("RESOURCE ID", "resource_id"),
            Column.of("CREATED", "created_at"));

    static final List<Column> DELIVERY_COLUMNS = List.of(Column.of("RULE", "rule"), Column.of("CONNECTION", "connection"),
            Column.of("TYPE", "integration_type"), Column.of("STATUS", "status"), Column.of("ATTEMPTS", "attempt_count"),
            Column.of("NEXT ATTEMPT", "next_attempt_at"), Column.of("LAST ERROR", "last_error"));

    static final List<Column> ATTEMPT_COLUMNS = List.of(Column.of("RULE", "rule"), Column.of("#", "number"),
            Column.of("OUTCOME", "outcome_code"), Column.of("HTTP", "status_code"), Column.of("MS", "duration_ms"),
            Column.of("STARTED", "started_at"), Column.of("MESSAGE", "message"));

    static String listPath(String workspace) {
        return workspace == null ? "/events" : ApiCommand.path("workspaces", workspace, "events");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Newest first: the organization's events, or one workspace's with its filters.")
    static final class ListEvents extends ListCommand {

        @Option(names = "--workspace", paramLabel = "ID")
        String workspace;

        @Option(names = "--event", description = "Only events of this name (with --workspace).")
        String event;

        @Option(names = "--status", description = "pending, completed, failed, canceled… (with --workspace).")
        String status;

        @Option(names = "--resource", description = "(with --workspace)")
        String resource;

        @Option(names = "--resource-id", paramLabel = "ID", description = "(with --workspace)")
        String resourceId;

        @Override
        String listPath() {
            return EventsCommand.listPath(workspace);
        }

        @Override
        Map<String, String> filters() {
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("event", event);
            filters.put("status", status);
            filters.put("resource", resource);
            filters.put("resource_id", resourceId);
            if (workspace == null && filters.values().stream().anyMatch(value -> value != null)) {
                throw CliFailure.usage("the API filters one workspace's events: give --workspace with"
                        + " --event, --status, --resource or --resource-id");
            }
            return filters;
        }

        @Override
        List<Column> columns() {
            return COLUMNS;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"One event with its deliveries (rule events) and each delivery's attempts.",
                    "With --json: the API's event, each of its rule_events given the \"attempts\" the API lists for it."})
    static final class GetEvent extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            ObjectNode event = (ObjectNode) get(path("events", id), Map.of());
            List<JsonNode> attempts = new java.util.ArrayList<>();
            for (JsonNode delivery : event.path("rule_events")) {
                String rule = delivery.path("rule").asString();
                JsonNode listed = get(path("events", id, "rules", rule, "attempts"), Map.of()).path("records");
                ((ObjectNode) delivery).set("attempts", listed);
                listed.forEach(attempt -> attempts.add(((ObjectNode) attempt.deepCopy()).put("rule", rule)));
            }
            if (json) {
                printJson(event);
                return Exit.OK;
            }
            ObjectNode summary = event.deepCopy();
            summary.remove("rule_events");
            Table.printFields(out(), summary);
            out().println();
            out().println("Deliveries:");
            Table.print(out(), DELIVERY_COLUMNS, event.path("rule_events"));
            out().println();
            out().println("Attempts:");
            Table.print(out(), ATTEMPT_COLUMNS, attempts);
            return Exit.OK;
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Follows the newest events live: prints the latest few, then each new event and each change"
                    + " of its delivery status, with each rule's delivery that changed under it, until Ctrl-C, --for or"
                    + " --until-delivered.",
                    "With --json: one line per change, the event as the API lists it."})
    static final class TailEvents extends ApiCommand {

        @Option(names = "--workspace", paramLabel = "ID")
        String workspace;

        @Option(names = "--until-delivered", paramLabel = "N",
                description = "Exit 0 once N of the events shown are completed (delivered by all their rules).")
        Integer untilDelivered;

        @Option(names = "--for", paramLabel = "DURATION", converter = DurationArgument.class,
                description = "Stop after this long (30s, 2m…); with --until-delivered not reached by then, exit 1.")
        Duration limit;

        @Option(names = "--interval", paramLabel = "DURATION", converter = DurationArgument.class, defaultValue = "1s",
                description = "How often the newest page is read (default: ${DEFAULT-VALUE}).")
        Duration interval;

        @Override
        int execute() {
            String path = listPath(workspace);
            var tail = new EventTail(() -> get(path, Map.of("limit", String.valueOf(EventTail.PAGE))),
                    id -> get("/api/v1/events/" + id, Map.of()), out(), json);
            return tail.follow(interval, untilDelivered, limit);
        }
    }
}
