package dev.openmeshes.core.people;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Scopes;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a person may do in an organization, as the scopes a machine key would hold, so every
 * endpoint checks people and keys alike: members read everything and send test events, admins
 * manage connections, rules and keys (everything but people), owners everything.
 */
public enum Role {
    OWNER(Set.of(Scopes.ADMIN)),
    ADMIN(Stream.of(Scopes.Resource.values())
            .flatMap(r -> r == Scopes.Resource.PEOPLE ? Stream.of(r.read()) : Stream.of(r.read(), r.write()))
            .collect(Collectors.toUnmodifiableSet())),
    MEMBER(Stream.concat(Stream.of(Scopes.Resource.values()).map(Scopes.Resource::read),
            Stream.of(Scopes.Resource.EVENTS.write())).collect(Collectors.toUnmodifiableSet()));

    private final Set<String> scopes;

    Role(Set<String> scopes) {
        this.scopes = scopes;
    }

    public Set<String> scopes() {
        return scopes;
    }

    /** {@code owner}, {@code admin} or {@code member}, as the API spells it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role the API names; anything else is a 400 naming the field. */
    public static Role parse(String field, String value) {
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return role;
            }
        }
        throw Problem.invalid(field, "must be owner, admin or member");
    }
}
