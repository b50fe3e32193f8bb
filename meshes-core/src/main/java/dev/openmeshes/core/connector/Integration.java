package dev.openmeshes.core.connector;

import java.util.List;
import java.util.Map;

/**
 * A catalog entry of {@code GET /api/v1/integrations}, in the reference's shape.
 *
 * @param authentication {@code {type: api_key|basic|none|oauth, fields?: [{label, key, type, helpText?, required?, …}]}}
 * @param actions        action key → action
 */
public record Integration(String type, String name, Map<String, Object> authentication, Map<String, Action> actions) {

    /**
     * @param fields which rule-metadata keys the action uses (e.g. {@code ["id"]}); empty for action-only rules
     * @param data   input descriptors ({@code kind: simple|field|advanced}), or empty
     */
    public record Action(String key, String label, String noun, List<String> fields, Display display,
                         List<Map<String, Object>> data) {}

    public record Display(String label, String description) {}
}
