package dev.openmeshes.connectors.mailchimp;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The merge fields of every audience as one catalog, keyed by merge tag ({@code merge_fields.FNAME}).
 * Merge fields belong to an audience, but a connection has one mapping for all its rules, whichever
 * audience each picks: the union lets the mapping name any audience's field, and Mailchimp's own key
 * for a value, the tag, is what joins them. Each field records the audiences that have it.
 */
final class MergeFieldCatalog {

    /** One tag as the audiences that have it define it. */
    private static final class Tag {
        final String tag;
        final String label;
        final String mailchimpType;
        Type type;
        final Set<String> choices = new LinkedHashSet<>();
        final List<String> listIds = new ArrayList<>();
        final List<String> listNames = new ArrayList<>();

        Tag(String tag, String label, String mailchimpType) {
            this.tag = tag;
            this.label = label;
            this.mailchimpType = mailchimpType;
            this.type = typeOf(mailchimpType);
        }
    }

    private final Map<String, Tag> byTag = new LinkedHashMap<>();

    /** Adds one audience's merge fields ({@code merge_fields[]} of its merge-fields answers). */
    void add(String listId, String listName, List<JsonNode> mergeFields) {
        for (JsonNode field : mergeFields) {
            String tag = VendorJson.text(field.path("tag"));
            if (tag == null || tag.isBlank()) {
                continue;
            }
            String mailchimpType = String.valueOf(VendorJson.text(field.path("type")));
            String name = VendorJson.text(field.path("name"));
            Tag known = byTag.computeIfAbsent(tag, t -> new Tag(t, name == null ? t : name, mailchimpType));
            if (!known.mailchimpType.equals(mailchimpType)) {
                known.type = Type.UNKNOWN; // the same tag typed differently in two audiences
            }
            field.path("options").path("choices").forEach(c -> {
                String choice = VendorJson.text(c);
                if (choice != null) {
                    known.choices.add(choice);
                }
            });
            known.listIds.add(listId);
            known.listNames.add(listName);
        }
    }

    List<FieldDefinition> fields() {
        return byTag.values().stream().map(MergeFieldCatalog::definition).toList();
    }

    private static FieldDefinition definition(Tag tag) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("tag", tag.tag);
        meta.put("type", tag.mailchimpType);
        meta.put("lists", List.copyOf(tag.listIds));
        Constraints constraints = switch (tag.type) {
            case ENUM -> Constraints.NONE.allowing(List.copyOf(tag.choices));
            case UNKNOWN -> Constraints.NONE;
            default -> switch (tag.mailchimpType) {
                case "phone" -> Constraints.format("phone");
                case "url", "imageurl" -> Constraints.format("url");
                default -> Constraints.NONE;
            };
        };
        return new FieldDefinition(MailchimpSpec.MERGE_PREFIX + tag.tag, tag.type, tag.label,
                "Merge field " + tag.tag + " of audience " + String.join(", ", tag.listNames), constraints, meta);
    }

    private static Type typeOf(String mailchimpType) {
        return switch (mailchimpType) {
            case "text", "phone", "url", "imageurl", "zip", "birthday" -> Type.STRING; // birthday is "MM/DD"
            case "number" -> Type.NUMBER;
            case "date" -> Type.DATE;
            case "address" -> Type.OBJECT; // {addr1, addr2?, city, state, zip, country?}
            case "radio", "dropdown" -> Type.ENUM;
            default -> Type.UNKNOWN;
        };
    }
}
