package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anyone holding a workspace's publishable key (it ships in web pages) can send events, so a payload
 * value must never become markup in an HTML template: SendGrid's {@code send_email} body is sent from
 * the customer's verified sender, and a value inserted unescaped could add links or forms to it.
 */
class HtmlTemplateEscapingTest extends OnBothStores {

    final VendorStub sendgrid = new VendorStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_CONNECTOR_SENDGRID_BASE_URL", sendgrid.url());
    }

    @AfterAll
    void stopVendor() {
        sendgrid.close();
    }

    @Test
    void payloadValuesInsertedIntoAnHtmlBodyAreEscapedWhileTheSubjectAndTheRulesMarkupAreKept() {
        sendgrid.reset(); // one stub for both stores' servers
        var scenario = new Scenario(server, "Escaping " + UUID.randomUUID().toString().substring(0, 8));
        var created = server.http().post("/api/v1/connections", scenario.tenant.token(), "{\"workspace\":\""
                + scenario.workspace + "\",\"type\":\"sendgrid\",\"name\":\"Mail\",\"metadata\":{\"api_key\":"
                + "\"SG.key-id.secret-abcdefghijklmnopqrstu\",\"skip_url_test\":true}}");
        assertThat(created.status()).as("the connection: %s", created).isEqualTo(201);
        String connection = created.json().path("connection").path("id").asString();
        var rule = server.http().post("/api/v1/rules", scenario.tenant.token(), "{\"workspace\":\"" + scenario.workspace
                + "\",\"connection\":\"" + connection + "\",\"event\":\"user.signup\",\"metadata\":{\"action\":\"send_email\","
                + "\"from\":\"hello@acme.example\",\"subject\":\"Welcome {{name}}\","
                + "\"body\":\"<p>Hi <b>{{name}}</b>, <a href=\\\"https://acme.example/{{slug}}\\\">start</a></p>\"}}");
        assertThat(rule.status()).as("the rule: %s", rule).isEqualTo(201);
        sendgrid.on("POST", "/v3/mail/send", new Response(202, "", Map.of("X-Message-Id", "m-1")));

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\","
                + "\"name\":\"Ada</b><a href='https://evil.example'>claim your prize</a>\",\"slug\":\"\\\"><script>x()</script>\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scenario.event(event).path("status").asString().equals("completed"));

        var sent = JsonMapper.builder().build().readTree(sendgrid.only("POST", "/v3/mail/send").body());
        assertThat(sent.path("content").get(0).path("value").asString()).as("the HTML body as sent")
                .isEqualTo("<p>Hi <b>Ada&lt;/b&gt;&lt;a href=&#39;https://evil.example&#39;&gt;claim your prize&lt;/a&gt;</b>, "
                        + "<a href=\"https://acme.example/&quot;&gt;&lt;script&gt;x()&lt;/script&gt;\">start</a></p>");
        assertThat(sent.path("subject").asString()).as("a subject is plain text: the value as sent")
                .isEqualTo("Welcome Ada</b><a href='https://evil.example'>claim your prize</a>");
    }
}
