package dev.openmeshes.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TokenAnswerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void slacksAnswerForAWorkspaceInstallKeepsTheTeamAndLeavesOutItsNullEnterprise() {
        // oauth.v2.access for an app installed on one workspace: enterprise is null, not left out
        var answer = TokenAnswer.parse(JsonMapper.builder().build().readTree("""
                {"ok":true,"access_token":"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy","token_type":"bot",
                 "scope":"chat:write,channels:read","bot_user_id":"U0KRQLJ9H","app_id":"A0KRD7HC3",
                 "team":{"name":"Slack Softball Team","id":"T9TK3CUKW"},"enterprise":null,"is_enterprise_install":false,
                 "incoming_webhook":{"channel":"","url":""},"authed_user":{"id":"U1234","scope":"","access_token":"xoxp-1"}}"""),
                NOW);

        assertThat(answer.accessToken()).isEqualTo("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy");
        assertThat(answer.details()).as("what later calls may need, without the null enterprise")
                .containsEntry("team_id", "T9TK3CUKW").containsEntry("bot_user_id", "U0KRQLJ9H")
                .containsEntry("is_enterprise_install", false).doesNotContainKey("enterprise")
                .containsEntry("authed_user_id", "U1234");
        assertThat(answer.expiresAt()).as("Slack's bot tokens do not expire without rotation").isNull();
    }

    @Test
    void blankValuesAreLeftOutAndNumbersAndObjectIdsKept() {
        var answer = TokenAnswer.parse(JsonMapper.builder().build().readTree("""
                {"access_token":"at","expires_in":3600,"api_domain":"","hub_id":62515,
                 "guild":{"id":"1098765432109876543","name":"Acme"},"workspace":{"id":""}}"""), NOW);

        assertThat(answer.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(answer.details()).as("details of %s", answer)
                .containsOnlyKeys("hub_id", "guild_id").containsEntry("guild_id", "1098765432109876543");
    }
}
