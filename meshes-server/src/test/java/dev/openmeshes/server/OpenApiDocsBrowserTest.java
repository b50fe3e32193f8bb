package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.openmeshes.server.support.Chromium;
import dev.openmeshes.server.support.OnSqlite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /docs} in headless Chromium: the vendored Redoc renders the operations of
 * {@code /api/v1/openapi.json} under the page's Content-Security-Policy, loading nothing from
 * elsewhere. Screenshot: {@code target/screenshots/docs.png}. Skipped without Chromium, except under
 * {@code CI=true}.
 */
class OpenApiDocsBrowserTest extends OnSqlite {

    private static Locator.FilterOptions hasText(String text) {
        return new Locator.FilterOptions().setHasText(text);
    }

    @Test
    void rendersTheOperationsFromThisServerAlone() {
        try (var chromium = Chromium.open("http://127.0.0.1:" + server.port())) {
            Page page = chromium.page();
            List<String> elsewhere = new ArrayList<>();
            page.onResponse(response -> {
                if (!response.url().startsWith("http://127.0.0.1:" + server.port()) && !response.url().startsWith("blob:")
                        && !response.url().startsWith("data:")) {
                    elsewhere.add(response.url());
                }
            });

            page.navigate("/docs");

            try {
                var visible = new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);
                PlaywrightAssertions.assertThat(page.locator("h1").filter(hasText("OpenMeshes API"))).isVisible(visible);
                // each operation is a section headed by its summary
                for (String summary : List.of("List workspaces", "Send an event", "Create an embed session",
                        "Every attempt of one delivery", "Invite a person by email")) {
                    PlaywrightAssertions.assertThat(page.locator("h2").filter(hasText(summary))).isVisible(visible);
                }
            } finally {
                chromium.screenshot("docs");
            }
            // Redoc's attribution links an image on its CDN: the policy keeps it out, and Redoc hides it
            assertThat(chromium.errors()).as("script errors and loads the policy refused")
                    .allMatch(error -> error.contains("https://cdn.redoc.ly/redoc/logo-mini.svg"));
            assertThat(elsewhere).as("answers loaded from anywhere but this server").isEmpty();
        }
    }
}
