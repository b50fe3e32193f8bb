package dev.openmeshes.sdk;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The answer to a bulk request, in request order: each event either accepted or refused (a 207
 * when some were refused).
 */
public record BulkResult(List<Item> items) {

    /** The outcome of the request's event number {@code index}: exactly one of {@code event} and {@code rejection}. */
    public record Item(int index, CreatedEvent event, BulkRejection rejection) {

        public boolean accepted() {
            return event != null;
        }
    }

    public BulkResult {
        items = List.copyOf(items);
    }

    public List<CreatedEvent> accepted() {
        return items.stream().filter(Item::accepted).map(Item::event).toList();
    }

    public List<BulkRejection> rejected() {
        return items.stream().filter(item -> !item.accepted()).map(Item::rejection).toList();
    }

    /** The server answers records in request order; refused ones are {@code {index, message, error, details}}. */
    static BulkResult from(JsonNode body) {
        List<Item> items = new ArrayList<>();
        int index = 0;
        for (JsonNode record : body.path("records")) {
            if (record.has("id")) {
                items.add(new Item(index, Json.convert(record, CreatedEvent.class), null));
            } else {
                BulkRejection rejection = Json.convert(record, BulkRejection.class);
                items.add(new Item(index, null, rejection));
            }
            index++;
        }
        return new BulkResult(items);
    }
}
