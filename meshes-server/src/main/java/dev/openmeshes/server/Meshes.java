package dev.openmeshes.server;

import dev.openmeshes.core.auth.MachineTokenAuthenticator;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.service.Bootstrap;
import dev.openmeshes.core.service.KeyService;
import dev.openmeshes.core.service.WorkspaceService;
import dev.openmeshes.core.store.Store;
import dev.openmeshes.store.Stores;
import java.time.InstantSource;

/**
 * The application without its HTTP edge: the store, the master key and the services wired
 * together. The server and the command-line tools both start from here.
 */
public record Meshes(Store store, SecretBox secretBox, MachineTokenAuthenticator authenticator,
                     WorkspaceService workspaces, KeyService keys, Bootstrap bootstrap, InstantSource clock)
        implements AutoCloseable {

    public static Meshes open(ServerSettings settings) {
        SecretBox secretBox = MasterKey.load(settings);
        Store store = Stores.open(settings.storeConfig());
        try {
            MasterKey.checkAgainst(store, secretBox);
            InstantSource clock = InstantSource.system();
            var authenticator = new MachineTokenAuthenticator(store.machineKeys(), secretBox, clock);
            var keys = new KeyService(store, secretBox, clock, authenticator::forget);
            return new Meshes(store, secretBox, authenticator, new WorkspaceService(store, clock), keys,
                    new Bootstrap(store, keys, clock), clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
