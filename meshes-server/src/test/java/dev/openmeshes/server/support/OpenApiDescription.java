package dev.openmeshes.server.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.openmeshes.server.api.ApiReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The server's OpenAPI description as the tests read it: its operations, and a check of a real
 * answer against the schema its operation declares for that status (networknt's validator, in
 * OpenAPI 3.1's dialect, with every {@code $ref} resolved inside the document).
 */
public final class OpenApiDescription {

    /** The document's id, for the validator: {@code $ref}s resolve against it. */
    private static final String IRI = "https://openmeshes.dev/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");
    private static final OpenApiDescription INSTANCE = new OpenApiDescription();

    /** An operation: its method (upper case) and path template as the description writes them. */
    public record Operation(String method, String path) implements Comparable<Operation> {
        @Override
        public int compareTo(Operation other) {
            return Comparator.comparing(Operation::path).thenComparing(Operation::method).compare(this, other);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Template(String path, Pattern pattern, int variables) {}

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Template> templates;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiDescription() {
        document = new YAMLMapper().readTree(yaml());
        String json = JsonMapper.shared().writeValueAsString(document);
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(IRI, json)));
        templates = document.path("paths").propertyNames().stream()
                .map(path -> new Template(path, Pattern.compile(path.replaceAll("\\{[^/]+}", "[^/]+")),
                        (int) path.chars().filter(c -> c == '{').count()))
                .sorted(Comparator.comparingInt(Template::variables))
                .toList();
    }

    public static OpenApiDescription get() {
        return INSTANCE;
    }

    /** The description as kept beside the code, from the server's classpath. */
    public static byte[] yaml() {
        try (InputStream in = ApiReference.class.getClassLoader().getResourceAsStream(ApiReference.DESCRIPTION)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    public Set<Operation> operations() {
        Set<Operation> operations = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().propertyNames().stream()
                .filter(METHODS::contains)
                .forEach(method -> operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey()))));
        return operations;
    }

    /**
     * Checks one real answer: its status must be one its operation describes (or the operation has a
     * {@code default}), and a JSON body must match that response's schema; a JSON refusal on a path
     * the description lacks must be the error shape.
     *
     * @throws AssertionError naming the request, the schema and every violation
     */
    public void check(String method, String requestPath, int status, String contentType, String body) {
        Optional<String> response = response(method, requestPath, status);
        if (contentType == null || !contentType.contains("json") || body == null || body.isEmpty()) {
            return;
        }
        String schema = response.map(pointer -> {
            if (document.at(pointer).path("content").path("application/json").isMissingNode()) {
                throw new AssertionError(method + " " + requestPath + " answered " + status
                        + " with a JSON body, which #" + pointer + " does not describe: " + body);
            }
            return pointer + "/content/application~1json/schema";
        }).orElseGet(() -> {
            if (status < 400) {
                throw new AssertionError(method + " " + requestPath + " answered " + status
                        + " with JSON, but the OpenAPI description has no such operation: " + body);
            }
            return "/components/schemas/Error";
        });
        List<Error> errors = schema(schema).validate(JsonMapper.shared().readTree(body));
        if (!errors.isEmpty()) {
            throw new AssertionError(method + " " + requestPath + " answered " + status + " with a body that does not match "
                    + "#" + schema + ":\n  " + errors.stream().map(Error::toString).collect(Collectors.joining("\n  "))
                    + "\nbody: " + body);
        }
    }

    /**
     * The JSON pointer of the response its operation describes for the status, or empty when no
     * operation matches the request.
     */
    private Optional<String> response(String method, String requestPath, int status) {
        String path = requestPath.replaceFirst("[?#].*$", "");
        String verb = method.toLowerCase(Locale.ROOT);
        return templates.stream()
                .filter(t -> t.pattern().matcher(path).matches() && document.path("paths").path(t.path()).has(verb))
                .findFirst()
                .map(t -> {
                    JsonNode responses = document.path("paths").path(t.path()).path(verb).path("responses");
                    String code = responses.has(String.valueOf(status)) ? String.valueOf(status) : "default";
                    if (responses.path(code).isMissingNode()) {
                        throw new AssertionError(method + " " + requestPath + " answered " + status + ", which "
                                + method + " " + t.path() + " does not describe");
                    }
                    String ref = responses.path(code).path("$ref").asString(null);
                    return ref != null ? ref.substring(1) : "/paths/" + escape(t.path()) + "/" + verb + "/responses/" + code;
                });
    }

    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> {
            Schema schema = registry.getSchema(SchemaLocation.of(IRI + "#" + p));
            schema.initializeValidators(); // resolves every $ref now, so a broken one fails here, not mid-test
            return schema;
        });
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
