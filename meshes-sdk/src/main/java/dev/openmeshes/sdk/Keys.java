package dev.openmeshes.sdk;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/keys}: the organization's machine keys. */
public final class Keys extends Resource {

    Keys(Transport transport) {
        super(transport);
    }

    public Page<MachineKey> list(PageRequest page) {
        return page("/api/v1/keys", Map.of(), page, MachineKey.class);
    }

    public AllPages<MachineKey> all() {
        return all("/api/v1/keys", Map.of(), MachineKey.class);
    }

    public MachineKey get(String id) {
        return get(path(id), MachineKey.class);
    }

    public IssuedKey create(NewKey key) {
        return issued(transport.json(Transport.Request.of("POST", "/api/v1/keys", key)).path("key"));
    }

    /** A new secret for the same access key; the old one keeps working for {@code gracePeriodSeconds}. */
    public IssuedKey rotate(String id, int gracePeriodSeconds) {
        return issued(transport.json(Transport.Request.of("POST", path(id) + "/rotate",
                Map.of("grace_period_seconds", gracePeriodSeconds))));
    }

    /** Revokes the key at once. */
    public MachineKey revoke(String id) {
        return transport.read(Transport.Request.of("DELETE", path(id), null), MachineKey.class);
    }

    private static IssuedKey issued(JsonNode key) {
        return new IssuedKey(Json.convert(key, MachineKey.class), key.path("secret_key").asString());
    }

    private static String path(String id) {
        return "/api/v1/keys/" + segment(id);
    }
}
