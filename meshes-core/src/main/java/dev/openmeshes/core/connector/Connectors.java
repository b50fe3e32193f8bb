package dev.openmeshes.core.connector;

import dev.openmeshes.core.Problem;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The connection types this server can deliver to, by type name. */
public final class Connectors {

    private final Map<String, Connector> byType = new LinkedHashMap<>();

    public Connectors(List<Connector> connectors) {
        connectors.forEach(c -> byType.put(c.type(), c));
    }

    public Optional<Connector> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The connector for a type a client asked for; an unknown type is a validation error. */
    public Connector require(String type) {
        return find(type).orElseThrow(() -> Problem.invalid("type",
                "unsupported connection type '" + type + "'; supported: " + byType.keySet()));
    }

    public Collection<Connector> all() {
        return byType.values();
    }
}
