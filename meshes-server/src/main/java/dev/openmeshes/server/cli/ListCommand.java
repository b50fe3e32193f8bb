package dev.openmeshes.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A list: the first page (its envelope with {@code --json}), or with {@code --all} every page,
 * read by cursor (with {@code --json} one array of all the records).
 */
abstract class ListCommand extends ApiCommand {

    @Option(names = "--limit", paramLabel = "N", description = "Records per page, 1 to 200 (the server's default: 50).")
    Integer limit;

    @Option(names = "--all", description = "Read every page, not only the first.")
    boolean all;

    abstract String listPath();

    /** Filters of the list, null values left out. */
    Map<String, String> filters() {
        return Map.of();
    }

    abstract List<Column> columns();

    @Override
    final int execute() {
        String path = listPath();
        Map<String, String> query = new LinkedHashMap<>(filters());
        query.put("limit", limit == null ? null : limit.toString());
        JsonNode first = get(path, query);
        if (!all) {
            printRecords(first, columns());
            return Exit.OK;
        }
        ArrayNode records = JsonNodeFactory.instance.arrayNode();
        for (JsonNode page = first; ; ) {
            records.addAll((ArrayNode) page.path("records"));
            if (environment.interactive()) {
                err().print("\rread " + records.size() + " records…");
                err().flush();
            }
            if (!page.path("next_cursor").isString()) {
                break;
            }
            query.put("cursor", page.path("next_cursor").asString());
            page = get(path, query);
        }
        if (environment.interactive()) {
            err().print("\r\033[K");
            err().flush();
        }
        printRecords(records, columns());
        return Exit.OK;
    }
}
