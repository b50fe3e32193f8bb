package dev.openmeshes.core.store;

import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import java.util.Optional;
import java.util.UUID;

public interface MachineKeys {

    void insert(MachineKey key);

    void update(MachineKey key);

    Optional<MachineKey> find(UUID organizationId, UUID id);

    /** Authentication's lookup by JWT {@code kid}; the caller then checks the token's {@code org}. */
    Optional<MachineKey> findByAccessKey(String accessKey);

    Page<MachineKey> list(UUID organizationId, PageRequest page);
}
