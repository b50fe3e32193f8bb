package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.api.DashboardAssets;
import dev.openmeshes.server.support.Http;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.RawHttp;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard's files as a browser gets them: the shell at {@code /} (never cached) naming its
 * versioned assets (cached for good), both under a strict Content-Security-Policy, and nothing
 * else of the server's files reachable however the path is spelled.
 */
class DashboardAssetsTest extends OnSqlite {

    String shell;
    String assetBase;

    @BeforeAll
    void readShell() {
        var answer = server.http().get("/", null);
        assertThat(answer.status()).as("GET / answers the dashboard's shell: %s", answer).isEqualTo(200);
        shell = answer.text();
        Matcher script = Pattern.compile("<script type=\"module\" src=\"(/assets/[0-9a-f]{12})/app\\.js\"></script>")
                .matcher(shell);
        assertThat(script.find()).as("the shell loads app.js from a versioned path, in:%n%s", shell).isTrue();
        assetBase = script.group(1);
    }

    @Test
    void theShellIsHtmlNeverCachedWithNoInlineScriptOrStyle() {
        var answer = server.http().get("/", null);

        assertThat(answer.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(answer.header("Cache-Control")).as("the shell must be fetched again to see a new build")
                .isEqualTo("no-cache");
        assertSecurityHeaders(answer);
        assertThat(shell).as("no inline script: the policy would block it")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContain("<style").doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=");
        assertThat(shell).as("the shell's own marker is replaced").doesNotContain("{{assets}}")
                .contains("href=\"" + assetBase + "/app.css\"");
    }

    @Test
    void theInvitationLinkServesTheShellWhichNoCacheKeepsWithItsToken() {
        var answer = server.http().get("/invitations/accept?token=not-a-real-token", null);

        assertThat(answer.status()).as("the invitation link opens the dashboard: %s", answer).isEqualTo(200);
        assertThat(answer.text()).as("the same shell as at /").isEqualTo(shell);
        assertThat(answer.header("Cache-Control")).as("an address holding a token is never stored").isEqualTo("no-store");
        assertSecurityHeaders(answer);
        assertThat(server.http().get("/invitations/accept/../../keys", null).status())
                .as("only the exact path is the shell").isNotEqualTo(200);
    }

    @Test
    void versionedAssetsAreServedWithTheirTypeAndCachedForAYear() {
        var script = server.http().get(assetBase + "/app.js", null);
        var module = server.http().get(assetBase + "/pages/events.js", null);
        var style = server.http().get(assetBase + "/app.css", null);

        assertThat(script.status()).as("app.js: %s", script).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(script.text()).contains("import { get, post, whenSignedOut, data } from './api.js'");
        assertThat(module.status()).as("a page module in a subdirectory: %s", module).isEqualTo(200);
        assertThat(style.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(script.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertSecurityHeaders(script);
    }

    @Test
    void noDashboardScriptWritesHtmlFromData() {
        for (String module : new String[] {"app.js", "api.js", "dom.js", "router.js", "pages/auth.js", "pages/workspaces.js",
                "pages/connections.js", "pages/rules.js", "pages/events.js", "pages/keys.js", "pages/mapping.js",
                "pages/chart.js", "pages/paging.js", "pages/members.js", "abilities.js"}) {
            var answer = server.http().get(assetBase + "/" + module, null);
            assertThat(answer.status()).as("%s is served", module).isEqualTo(200);
            assertThat(answer.text()).as("%s builds the DOM with textContent and createElement only", module)
                    .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                    .doesNotContain("document.write").doesNotContain("eval(");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/assets/app.js", "/assets/000000000000/app.js", "/assets/", "/assets/VERSION/",
            "/assets/VERSION/nope.js", "/assets/VERSION/pages", "/index.html", "/dashboard/index.html"})
    void anythingButACurrentAssetIsTheApisNotFound(String path) {
        var answer = server.http().get(path.replace("VERSION", assetBase.substring("/assets/".length())), null);

        assertThat(answer.status()).as("%s: %s", path, answer).isEqualTo(404);
        assertThat(answer.error()).isEqualTo("not_found");
    }

    /** Sent byte for byte, as an attacker would: no client normalizes these paths first. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/assets/../dashboard/index.html",
            "/assets/VERSION/../../dev/openmeshes/server/Meshes.class",
            "/assets/VERSION/../../../../../../etc/passwd",
            "/assets/VERSION/%2e%2e/%2e%2e/dev/openmeshes/server/Meshes.class",
            "/assets/VERSION/%2E%2E%2F%2E%2E%2Fdashboard%2Findex.html",
            "/assets/VERSION/..%2f..%2fdashboard/index.html",
            "/assets/VERSION/..%5c..%5cdashboard%5cindex.html",
            "/assets/VERSION/%252e%252e/app.js",
            "/assets/VERSION//etc/passwd",
            "/assets/VERSION/.%2e/app.js",
            "/assets/VERSION/app.js%00.png",
            "/assets/VERSION/app.js/"})
    void traversalInAnySpellingNeverReachesAFile(String path) {
        String request = "GET " + path.replace("VERSION", assetBase.substring("/assets/".length()))
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

        var exchange = RawHttp.exchange(server.port(), request, 1000);

        assertThat(exchange.statuses()).as("%s answered: %s", path, exchange.text()).hasSize(1);
        assertThat(exchange.statuses().getFirst()).as("%s is refused, not served", path).isIn(400, 404);
        assertThat(exchange.text()).as("%s must not leak a file", path)
                .doesNotContain("<html").doesNotContain("root:").doesNotContain("import ").doesNotContain("CAFEBABE");
    }

    /** The packaged server reads its files from inside its jar: the same files, so the same version. */
    @Test
    void theFilesReadFromAJarAreTheSameAsFromTheClassesDirectory(@TempDir Path jarDir) throws Exception {
        Path classes = Path.of("target", "classes");
        Path jar = jarDir.resolve("dashboard.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes.resolve("dashboard"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            DashboardAssets fromJar = DashboardAssets.load(loader);

            assertThat(loader.getResource("dashboard/index.html").getProtocol()).isEqualTo("jar");
            assertThat(fromJar.assetBase()).as("the version of the same files, read from a jar").isEqualTo(assetBase);
        }
    }

    @Test
    void theApiKeepsItsOwnAnswersAndNoDashboardHeaders() {
        var health = server.http().get("/healthz", null);
        var unknown = server.http().get("/api/v1/nothing-here", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("Content-Security-Policy")).as("JSON answers carry no page policy").isNull();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("not_found");
    }

    private static void assertSecurityHeaders(Http.Response answer) {
        String policy = answer.header("Content-Security-Policy");
        assertThat(policy).as("Content-Security-Policy").isNotNull()
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                        "base-uri 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
    }
}
