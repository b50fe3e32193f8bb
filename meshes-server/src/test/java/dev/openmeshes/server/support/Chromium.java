package dev.openmeshes.server.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven by Playwright: Debian's {@code /usr/bin/chromium}, never a downloaded
 * browser (the download does not work here). Without Chromium the test is skipped with a message,
 * except under {@code CI=true}, where that fails it. Screenshots go to {@code target/screenshots/},
 * and everything the page logs as an error (script errors, refused CSP loads) is kept for the test
 * to check.
 */
public final class Chromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MESHES_CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;
    private final BrowserContext context;
    private final Page page;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(String baseUrl) {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(FLAGS));
            context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                    .setBaseURL(baseUrl).setViewportSize(1280, 900));
            context.setDefaultTimeout(15_000);
            page = context.newPage();
            page.onConsoleMessage(message -> {
                if (message.type().equals("error")) {
                    errors.add("console: " + message.text());
                }
            });
            page.onPageError(error -> errors.add("page error: " + error));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh browser (no cookies) on the server at {@code baseUrl}, or the test skipped without Chromium. */
    public static Chromium open(String baseUrl) {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "browser tests need Chromium at " + CHROMIUM + " (apt-get install -y chromium)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ": under CI=true they must run, not be skipped");
            }
            Assumptions.abort(why + "; skipped");
        }
        return new Chromium(baseUrl);
    }

    public Page page() {
        return page;
    }

    public BrowserContext context() {
        return context;
    }

    /** Writes {@code target/screenshots/<name>.png} (the whole page) for a person to look at. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** What the page logged as errors so far: script errors, loads the Content-Security-Policy refused. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        try {
            context.close();
            chromium.close();
        } finally {
            playwright.close();
        }
    }
}
