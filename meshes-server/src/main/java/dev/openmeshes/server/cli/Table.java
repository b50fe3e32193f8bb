package dev.openmeshes.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Records as aligned columns under their headings. Ids are printed whole: the next command needs them. */
final class Table {

    private static final String GAP = "  ";

    private Table() {}

    static void print(PrintWriter out, List<Column> columns, Iterable<JsonNode> records) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::heading).toList());
        for (JsonNode record : records) {
            rows.add(columns.stream().map(column -> column.valueOf(record)).toList());
        }
        int[] widths = new int[columns.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == widths.length - 1 ? row.get(i) : pad(row.get(i), widths[i]) + GAP);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** One record as {@code name  value} lines, in the API's field order; the answer's correlation id is not the record's. */
    static void printFields(PrintWriter out, JsonNode record) {
        var fields = record.properties().stream().filter(field -> !field.getKey().equals("correlation_id")).toList();
        int width = fields.stream().mapToInt(field -> field.getKey().length()).max().orElse(0);
        fields.forEach(field -> out.println((pad(field.getKey(), width) + GAP + Column.text(field.getValue())).stripTrailing()));
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
