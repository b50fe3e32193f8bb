package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Organization;
import java.util.Optional;
import java.util.UUID;

public interface Organizations {

    void insert(Organization organization);

    Optional<Organization> find(UUID id);

    boolean isEmpty();
}
