package dev.openmeshes.core.mapping;

import static dev.openmeshes.core.mapping.JsonInput.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule templates (§5.4): {@code {{path}}} placeholders resolved from the event payload root. */
class TemplatesTest {

    static final Map<String, Object> PAYLOAD = object("""
            {"email": "ada@example.com", "plan": "pro", "seats": 12, "price": 9.5, "whole": 3.0,
             "active": true, "nothing": null, "user": {"name": "Ada Lovelace", "tags": ["vip", "beta"]},
             "items": [{"sku": "A-1"}], "empty": "", "trap": "{{email}}"}""");

    @ParameterizedTest(name = "[{0}] renders as [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Welcome {{email}}                   | Welcome ada@example.com
            {{ user.name }} is on {{plan}}      | Ada Lovelace is on pro
            {{   plan   }}                      | pro
            {{email}}{{plan}}                   | ada@example.compro
            seats={{seats}}                     | seats=12
            price={{price}}                     | price=9.5
            whole={{whole}}                     | whole=3
            active={{active}}                   | active=true
            tags={{user.tags}}                  | `tags=["vip","beta"]`
            user={{user}}                       | `user={"name":"Ada Lovelace","tags":["vip","beta"]}`
            first sku={{items.0.sku}}           | first sku=A-1
            [{{phone}}]                         | []
            [{{nothing}}]                       | []
            [{{user.name.first}}]               | []
            [{{empty}}]                         | []
            no placeholders at all              | no placeholders at all
            """)
    void placeholdersBecomePayloadValues(String template, String expected) {
        assertThat(Templates.render(template, PAYLOAD)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] stays as written")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Hello {{email                       | Hello {{email
            Hello {{                            | Hello {{
            {{ }}                               | {{ }}
            {{}}                                | {{}}
            {{#if email}}yes{{/if}}             | {{#if email}}yes{{/if}}
            {{user..name}}                      | {{user..name}}
            {{ $.payload.email }}               | {{ $.payload.email }}
            {{email}                            | {{email}
            single {braces} stay                | single {braces} stay
            closing }} alone                    | closing }} alone
            """)
    void whatIsNotAClosedPayloadPathStaysAsWritten(String template, String expected) {
        assertThat(Templates.render(template, PAYLOAD)).isEqualTo(expected);
    }

    @Test
    void aPlaceholderInsideAnUnfinishedOneStillRenders() {
        assertThat(Templates.render("{{ {{email}} }}", PAYLOAD)).isEqualTo("{{ ada@example.com }}");
        assertThat(Templates.render("{{{email}}}", PAYLOAD)).isEqualTo("{{{email}}}");
        assertThat(Templates.render("{{{{email}}}}", PAYLOAD)).isEqualTo("{{ada@example.com}}");
    }

    @Test
    void aPayloadValueThatIsItselfATemplateIsWrittenAsItIsNotRenderedAgain() {
        assertThat(Templates.render("to {{trap}}", PAYLOAD)).isEqualTo("to {{email}}");
    }

    @Test
    void aValueTooDeeplyNestedToWriteRendersEmptyRatherThanFailingTheTemplate() {
        Map<String, Object> payload = Map.of("deep", MapperTest.nested(600, "x"), "plan", "pro");

        assertThat(Templates.render("[{{deep}}] {{plan}}", payload)).isEqualTo("[] pro");
    }

    @Test
    void anHtmlTemplateEscapesTheValuesItInsertsButNotItsOwnMarkup() {
        Map<String, Object> payload = Map.of("name", "<img src=x onerror=alert(1)> & \"Ada\" 'O'", "n", 3);

        assertThat(Templates.render("<p title=\"{{name}}\">Hi {{name}}, {{n}} seats</p>", payload, Templates::escapeHtml))
                .isEqualTo("<p title=\"&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Ada&quot; &#39;O&#39;\">"
                        + "Hi &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Ada&quot; &#39;O&#39;, 3 seats</p>");
    }

    @Test
    void withoutAPayloadEveryPlaceholderIsEmpty() {
        assertThat(Templates.render("Hi {{name}}!", null)).isEqualTo("Hi !");
        assertThat(Templates.render("Hi {{name}}!", Map.of())).isEqualTo("Hi !");
    }

    @Test
    void aPathLongerThanAPayloadPathMayBeStaysAsWritten() {
        String longPath = "a".repeat(129);
        Map<String, Object> payload = Map.of(longPath, "x", "a".repeat(128), "y");

        assertThat(Templates.render("{{" + longPath + "}}", payload)).isEqualTo("{{" + longPath + "}}");
        assertThat(Templates.render("{{" + "a".repeat(128) + "}}", payload)).isEqualTo("y");
        assertThat(Templates.render("{{" + " ".repeat(64) + "a".repeat(128) + " ".repeat(64) + "}}", payload))
                .as("spaces around the longest path").isEqualTo("y");
    }

    @Test
    void hostileTemplatesRenderInLinearTime() {
        String unclosed = "{{".repeat(200_000);
        String manyOpensOneClose = "{{ ".repeat(200_000) + "}}";
        String hugePlaceholder = "{{" + "a.".repeat(500_000) + "a}}";
        String manyPlaceholders = "{{email}}".repeat(100_000);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(Templates.render(unclosed, PAYLOAD)).isEqualTo(unclosed);
            assertThat(Templates.render(manyOpensOneClose, PAYLOAD)).isEqualTo(manyOpensOneClose);
            assertThat(Templates.render(hugePlaceholder, PAYLOAD)).isEqualTo(hugePlaceholder);
            assertThat(Templates.render(manyPlaceholders, PAYLOAD)).hasSize("ada@example.com".length() * 100_000);
        }, "each template should render in one pass over its text");
    }

    @Test
    void renderAllRendersEveryStringValueAtAnyDepthAndLeavesTheRestAlone() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("action", "send_message");
        metadata.put("template", "New {{plan}} signup: {{email}}");
        metadata.put("count", 3);
        metadata.put("flag", true);
        metadata.put("none", null);
        metadata.put("embed", Map.of("title", "{{user.name}}", "fields", List.of("{{seats}} seats", 7, Map.of("v", "{{active}}"))));

        Map<String, Object> rendered = Templates.renderAll(metadata, PAYLOAD);

        assertThat(rendered.keySet()).as("keys and their order").containsExactly("action", "template", "count", "flag", "none", "embed");
        assertThat(rendered).containsEntry("action", "send_message").containsEntry("template", "New pro signup: ada@example.com")
                .containsEntry("count", 3).containsEntry("flag", true).containsEntry("none", null)
                .containsEntry("embed", Map.of("title", "Ada Lovelace", "fields", List.of("12 seats", 7, Map.of("v", "true"))));
        assertThat(metadata.get("template")).as("the metadata given is not changed").isEqualTo("New {{plan}} signup: {{email}}");
    }

    @Test
    void renderAllTakesRuleMetadataAsItIsStoredStringToString() {
        Map<String, String> ruleMetadata = Map.of("action", "send_message", "template", "Hi {{ user.name }}", "id", "C123");

        assertThat(Templates.renderAll(ruleMetadata, PAYLOAD))
                .isEqualTo(Map.of("action", "send_message", "template", "Hi Ada Lovelace", "id", "C123"));
    }

    @Test
    void renderAllKeysAreNeverRendered() {
        assertThat(Templates.renderAll(Map.of("{{email}}", "{{plan}}"), PAYLOAD)).isEqualTo(Map.of("{{email}}", "pro"));
    }

    @Test
    void renderAllCopesWithDeeplyNestedMetadata() {
        Map<String, Object> root = new HashMap<>();
        Map<String, Object> node = root;
        for (int i = 0; i < 200; i++) {
            List<Object> list = new ArrayList<>();
            Map<String, Object> child = new HashMap<>();
            list.add(child);
            node.put("next", list);
            node = child;
        }
        node.put("leaf", "{{plan}}");

        Object rendered = Templates.renderAll(root, PAYLOAD);
        for (int i = 0; i < 200; i++) {
            rendered = ((List<?>) ((Map<?, ?>) rendered).get("next")).getFirst();
        }

        assertThat(((Map<?, ?>) rendered).get("leaf")).isEqualTo("pro");
    }
}
