package dev.openmeshes.core.auth;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Scopes are {@code <resource>:read} / {@code <resource>:write} plus {@code admin} and, above it,
 * {@code platform:admin} (tenant management, held only by operator keys). A read scope satisfies
 * GET, HEAD and OPTIONS; the write scope satisfies every method; admin and platform:admin satisfy all.
 */
public final class Scopes {

    public enum Resource {
        WORKSPACES, CONNECTIONS, RULES, EVENTS, KEYS,
        /** The organization's members and invitations (read: who is in it; write: invite, change roles, remove). */
        PEOPLE;

        public String read() { return name().toLowerCase() + ":read"; }
        public String write() { return name().toLowerCase() + ":write"; }
    }

    public static final String ADMIN = "admin";
    public static final String PLATFORM_ADMIN = "platform:admin";

    /** Every scope a key can hold, in a stable order. */
    public static final List<String> ALL = Stream.concat(
            Stream.of(Resource.values()).flatMap(r -> Stream.of(r.read(), r.write())),
            Stream.of(ADMIN, PLATFORM_ADMIN)).toList();

    private Scopes() {}

    public static boolean isReadMethod(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    /** Whether {@code held} lets a request with this method act on this resource. */
    public static boolean permits(Set<String> held, Resource resource, String method) {
        if (held.contains(PLATFORM_ADMIN) || held.contains(ADMIN) || held.contains(resource.write())) {
            return true;
        }
        return isReadMethod(method) && held.contains(resource.read());
    }

    /**
     * Whether a key holding {@code held} may grant {@code wanted}: platform:admin grants anything,
     * admin anything but platform:admin, write grants read, and any other scope only itself.
     */
    public static boolean canGrant(Set<String> held, String wanted) {
        if (held.contains(PLATFORM_ADMIN) || held.contains(wanted)) {
            return true;
        }
        if (wanted.equals(PLATFORM_ADMIN)) {
            return false;
        }
        return held.contains(ADMIN)
                || (wanted.endsWith(":read") && held.contains(wanted.substring(0, wanted.length() - 5) + ":write"));
    }

    public static List<String> unknown(Collection<String> scopes) {
        return scopes.stream().filter(s -> !ALL.contains(s)).toList();
    }

    public static Set<String> sorted(Collection<String> scopes) {
        return new TreeSet<>(scopes);
    }
}
