package dev.openmeshes.core.connector;

import java.util.List;
import java.util.Map;

/** How a connection of a type proves itself to the vendor: part of its {@link ConnectorSpec}. */
public sealed interface Authentication {

    /** As the integrations catalog names it: {@code none}, {@code api_key} or {@code oauth}. */
    String code();

    /** No credentials (a webhook carries its own, among its fields). */
    record None() implements Authentication {
        public String code() { return "none"; }
    }

    /** Credentials are connection fields marked secret (an API key, an account URL). */
    record ApiKey() implements Authentication {
        public String code() { return "api_key"; }
    }

    /**
     * OAuth 2 authorization code. The platform runs the flow, keeps the tokens sealed and refreshes
     * them; the connector only asks its context for the current access token.
     *
     * @param authorizeUrl    where the user grants access (query parameters added by the platform)
     * @param tokenUrl        the code exchange and refresh endpoint (overridable per server)
     * @param scopes          what the type's actions need
     * @param clientAuth      how the client id and secret travel to the token endpoint
     * @param refreshes       false for vendors whose tokens never expire (Intercom; Slack without rotation)
     * @param authorizeParams extra fixed query parameters of the authorize URL (e.g. {@code permissions})
     * @param scopeSeparator  how the authorize URL joins the scopes: a space (RFC 6749), or Slack's comma
     */
    record OAuth2(String authorizeUrl, String tokenUrl, List<String> scopes, ClientAuth clientAuth, boolean refreshes,
                  Map<String, String> authorizeParams, String scopeSeparator) implements Authentication {

        public enum ClientAuth {
            /** {@code client_id} and {@code client_secret} in the form body. */
            BODY,
            /** HTTP Basic {@code client_id:client_secret}. */
            BASIC
        }

        public OAuth2 {
            scopes = List.copyOf(scopes);
            authorizeParams = Map.copyOf(authorizeParams);
        }

        /** Scopes joined by a space, as RFC 6749 has them. */
        public OAuth2(String authorizeUrl, String tokenUrl, List<String> scopes, ClientAuth clientAuth, boolean refreshes,
                      Map<String, String> authorizeParams) {
            this(authorizeUrl, tokenUrl, scopes, clientAuth, refreshes, authorizeParams, " ");
        }

        /** The same flow with the scopes joined by {@code separator}. */
        public OAuth2 joiningScopesWith(String separator) {
            return new OAuth2(authorizeUrl, tokenUrl, scopes, clientAuth, refreshes, authorizeParams, separator);
        }

        public String code() { return "oauth"; }
    }
}
