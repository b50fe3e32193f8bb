package dev.openmeshes.connectors.activecampaign;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.core.connector.HttpExchange;
import tools.jackson.databind.JsonNode;

/** A contact's tags: the {@code contactTag} entries that join it to tags. */
final class ContactTags {

    private ContactTags() {}

    /** The entry joining the contact to the tag (null when it has not the tag), and the last exchange. */
    record Entry(String id, HttpExchange answer) {}

    /** {@code GET /contacts/{id}/contactTags}, every page: the entry whose {@code tag} is the tag. */
    static Entry find(ActiveCampaignApi api, String contactId, String tagId) {
        ActiveCampaignApi.Listing tags = api.listing("/contacts/" + UrlParts.segment(contactId) + "/contactTags",
                "contactTags", "read the tags of contact " + contactId);
        for (JsonNode entry : tags.items()) {
            String id = ActiveCampaignResults.text(entry.path("id"));
            if (tagId.equals(ActiveCampaignResults.text(entry.path("tag"))) && !id.isEmpty()) {
                return new Entry(id, tags.last());
            }
        }
        return new Entry(null, tags.last());
    }
}
