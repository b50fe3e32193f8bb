package dev.openmeshes.server.api;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The dashboard: static HTML, CSS and ES modules from the classpath ({@code dashboard/}), which talk
 * to the JSON API with the session cookie. The shell is {@code GET /} ({@code no-cache}); the other
 * files are {@code /assets/<version>/<path>}, where the version is a hash of all of them, so they
 * can be cached for a year and a new build is still picked up at once. Every file is read into
 * memory at start and served by exact name, so no request path can reach anything else (no
 * traversal, encoded or not); an unknown one falls through to the API's 404.
 */
public final class DashboardAssets {

    private static final String ROOT = "dashboard";
    /** Where {@code POST /api/v1/members} sends the people it invites ({@code ?token=…}). */
    public static final String INVITATION_PATH = "/invitations/accept";
    private static final String VERSION_MARK = "{{assets}}";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "html", "text/html; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "ico", "image/x-icon");

    /** No inline script or style, nothing from elsewhere, never framed (the embed shell is served apart). */
    static final String CONTENT_SECURITY_POLICY = contentSecurityPolicy("'none'");

    /** The dashboard's policy with these {@code frame-ancestors}: the embed shell's, framed by its session's origins. */
    public static String contentSecurityPolicy(String frameAncestors) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors;
    }

    private static final Map<HeaderName, String> SECURITY_HEADERS = Map.of(
            HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY,
            HeaderNames.create("X-Content-Type-Options"), "nosniff",
            HeaderNames.create("Referrer-Policy"), "same-origin",
            HeaderNames.create("X-Frame-Options"), "DENY");

    private record Asset(String contentType, byte[] bytes) {}

    private final String version;
    private final Asset shell;
    /** Path under {@code /assets/<version>/} → file. */
    private final Map<String, Asset> assets;

    private DashboardAssets(String version, Asset shell, Map<String, Asset> assets) {
        this.version = version;
        this.shell = shell;
        this.assets = assets;
    }

    /** Reads {@code dashboard/index.html} and {@code dashboard/assets/**} from the classpath. */
    public static DashboardAssets load() {
        return load(DashboardAssets.class.getClassLoader());
    }

    /** As {@link #load()}, from the given class loader's resources (a directory or a jar). */
    public static DashboardAssets load(ClassLoader loader) {
        URI root = rootUri(loader);
        if (root.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
                return read(jar.provider().getPath(root));
            } catch (FileSystemAlreadyExistsException opened) { // by someone else: theirs to close
                return read(FileSystems.getFileSystem(root).provider().getPath(root));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return read(Path.of(root));
    }

    private static URI rootUri(ClassLoader loader) {
        var url = loader.getResource(ROOT + "/index.html");
        if (url == null) {
            throw new IllegalStateException("the dashboard's files (" + ROOT + "/index.html) are not on the classpath");
        }
        try {
            String shell = url.toURI().toString();
            return URI.create(shell.substring(0, shell.length() - "/index.html".length()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DashboardAssets read(Path root) {
        Map<String, Asset> assets = new TreeMap<>(); // sorted, so the version hash does not depend on listing order
        Path assetDir = root.resolve("assets");
        try (Stream<Path> files = Files.walk(assetDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = assetDir.relativize(file).toString().replace('\\', '/');
                assets.put(name, new Asset(typeOf(name), Files.readAllBytes(file)));
            }
            String version = versionOf(assets);
            String shell = Files.readString(root.resolve("index.html")).replace(VERSION_MARK, "/assets/" + version);
            return new DashboardAssets(version, new Asset(TYPES.get("html"), shell.getBytes(StandardCharsets.UTF_8)),
                    Map.copyOf(assets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String typeOf(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            throw new IllegalStateException("dashboard asset " + name + " has no known content type");
        }
        return type;
    }

    private static String versionOf(Map<String, Asset> assets) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            assets.forEach((name, asset) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(asset.bytes());
            });
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shell in embed mode: the same page and modules, with the embed session's public facts as a
     * JSON data block ({@code #meshes-embed}, never executed, so no inline script) that {@code app.js}
     * reads to run embedded. The JSON must not hold {@code <}, which could end the block early.
     */
    public byte[] embedShell(String sessionJson) {
        if (sessionJson.indexOf('<') >= 0) {
            throw new IllegalArgumentException("the embed session JSON must escape '<'");
        }
        String html = new String(shell.bytes(), StandardCharsets.UTF_8).replace("</head>",
                "  <script type=\"application/json\" id=\"meshes-embed\">" + sessionJson + "</script>\n</head>");
        return html.getBytes(StandardCharsets.UTF_8);
    }

    /** The current asset path prefix, e.g. {@code /assets/3f2a9c0b1d4e}. */
    public String assetBase() {
        return "/assets/" + version;
    }

    public void register(RouteTable routes) {
        routes.get("/", (req, res) -> send(res, shell, "no-cache"))
              // the invitation link: the shell, which takes the token from the address and replaces it
              // (never logged here; no-store, so no cache keeps the address with its token)
              .get(INVITATION_PATH, (req, res) -> send(res, shell, "no-store"))
              .get("/assets/*", this::asset);
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        String prefix = assetBase() + "/";
        Asset asset = path.startsWith(prefix) ? assets.get(path.substring(prefix.length())) : null;
        if (asset == null) {
            res.next(); // the API's 404, in its error shape
            return;
        }
        send(res, asset, "public, max-age=31536000, immutable");
    }

    private static void send(ServerResponse res, Asset asset, String cacheControl) {
        SECURITY_HEADERS.forEach(res::header);
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.send(asset.bytes());
    }
}
