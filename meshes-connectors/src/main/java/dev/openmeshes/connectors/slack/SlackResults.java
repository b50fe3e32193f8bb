package dev.openmeshes.connectors.slack;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a Slack Web API call. Slack answers most errors with HTTP 200 and
 * {@code {"ok":false,"error":"<code>"}}, so {@code ok} decides before the status does; answers
 * without it (a proxy's page, a bare 429 or 503) fall back on {@link VendorResults#classify}.
 */
final class SlackResults {

    /** The token no longer works: the app was uninstalled, the token revoked, the workspace or bot deleted. */
    private static final Set<String> REVOKED = Set.of("invalid_auth", "token_revoked", "account_inactive", "not_authed");
    /** Slack's side failed, or the workspace is migrating: a later attempt may succeed. */
    private static final Set<String> TRANSIENT = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "team_added_to_org", "org_login_required");
    /** {@code ratelimited} comes with HTTP 429; chat.postMessage's {@code rate_limited} with HTTP 200. */
    private static final Set<String> RATE_LIMITED = Set.of("ratelimited", "rate_limited");

    private static final Map<String, String> EXPLAINED = Map.ofEntries(
            Map.entry("channel_not_found", "the channel does not exist, or the app cannot see it"),
            Map.entry("not_in_channel", "invite the app to the private channel"),
            Map.entry("is_archived", "the channel is archived"),
            Map.entry("msg_too_long", "the message is too long"),
            Map.entry("no_text", "the message is empty"),
            Map.entry("restricted_action", "a workspace setting prevents the app from posting"),
            Map.entry("restricted_action_read_only_channel", "the channel is read-only"),
            Map.entry("ekm_access_denied", "the workspace's administrators suspended posting"),
            Map.entry("invalid_auth", "the connection is no longer authorized; connect Slack again"),
            Map.entry("token_revoked", "the app was removed from the workspace; connect Slack again"),
            Map.entry("account_inactive", "the workspace or the app's bot was deleted; connect Slack again"),
            Map.entry("not_authed", "no access token was sent; connect Slack again"),
            Map.entry("token_expired", "the access token expired"),
            Map.entry("not_allowed_token_type", "the connection's token is not a bot token; connect Slack again"));

    private SlackResults() {}

    /** The result of a call to Web API method {@code method} (e.g. {@code chat.postMessage}). */
    static DeliveryResult classify(HttpExchange exchange, String method) {
        if (!exchange.answered()) {
            return exchange.unanswered("Slack " + method + ": ");
        }
        JsonNode body = VendorJson.read(exchange.body());
        JsonNode ok = body.path("ok");
        if (ok.isBoolean() && !ok.asBoolean()) {
            return error(exchange, text(body.path("error")), text(body.path("needed")));
        }
        if (ok.isBoolean() && exchange.ok()) {
            return exchange.delivered("Slack " + method + ": ok");
        }
        if (exchange.ok()) { // a 2xx that is not a Web API answer: whether Slack acted is unknown
            return exchange.result(Outcome.REJECTED_SERVER_ERROR, true,
                    "Slack " + method + ": HTTP " + exchange.status() + " without a Web API answer");
        }
        return VendorResults.classify(exchange, SlackSpec.AUTHENTICATION, "Slack " + method);
    }

    private static DeliveryResult error(HttpExchange exchange, String code, String needed) {
        String message = "Slack: " + (code.isEmpty() ? "unknown error" : code);
        if ("missing_scope".equals(code)) {
            return exchange.result(Outcome.AUTH_FAILED, false, message + " (the app lacks "
                            + (needed.isEmpty() ? "a scope" : "scope " + needed) + "; connect Slack again)")
                    .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
        }
        if (EXPLAINED.containsKey(code)) {
            message += " (" + EXPLAINED.get(code) + ")";
        }
        if ("token_expired".equals(code)) {
            return exchange.result(Outcome.AUTH_FAILED, false, message).withVerdict(Verdict.TOKEN_EXPIRED);
        }
        if (REVOKED.contains(code)) {
            return exchange.result(Outcome.AUTH_FAILED, false, message).withVerdict(Verdict.AUTHORIZATION_REVOKED);
        }
        if ("not_allowed_token_type".equals(code)) {
            return exchange.result(Outcome.AUTH_FAILED, false, message).withVerdict(Verdict.CREDENTIALS_INVALID);
        }
        if (RATE_LIMITED.contains(code) || exchange.status() == 429) {
            return exchange.result(Outcome.RATE_LIMITED, true, message + " (rate limited)");
        }
        if (TRANSIENT.contains(code) || exchange.status() >= 500) {
            return exchange.result(Outcome.REJECTED_SERVER_ERROR, true, message);
        }
        return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message);
    }

    /** A string field of an answer, "" when absent or not a string. */
    static String text(JsonNode node) {
        return node.isString() ? node.asString() : "";
    }
}
