package dev.openmeshes.connectors.activecampaign;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The account's API URL as the Developer page shows it ({@code https://youraccount.api-us1.com}):
 * https only, since the API key travels with every call; a pasted {@code /api/3} or trailing slash
 * is dropped so every call gets the version prefix once.
 */
final class ActiveCampaignUrl {

    private ActiveCampaignUrl() {}

    /** Why the value cannot be the account's API URL, or null when it can. */
    static String problem(String value) {
        try {
            URI uri = new URI(value.strip());
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                return "must be an https URL (the API key is sent with every call)";
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return "must be the account's API URL, e.g. https://youraccount.api-us1.com";
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().toLowerCase(Locale.ROOT);
            if (!path.isEmpty() && !path.equals("/") && !path.equals("/api/3") && !path.equals("/api/3/")) {
                return "must be the account's API URL without a path, e.g. https://youraccount.api-us1.com";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be the account's API URL, e.g. https://youraccount.api-us1.com";
        }
    }

    /** {@code https://host[:port]} of a URL {@link #problem} accepted. */
    static String accountBase(String value) {
        URI uri = URI.create(value.strip());
        return "https://" + uri.getRawAuthority();
    }
}
