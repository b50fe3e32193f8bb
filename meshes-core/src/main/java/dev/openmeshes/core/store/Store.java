package dev.openmeshes.core.store;

import dev.openmeshes.core.people.People;
import java.util.function.Function;

/**
 * The persistence port. Every read and write of tenant data takes the organization id, so one
 * organization's data can never be reached through another's request.
 */
public interface Store extends AutoCloseable {

    Organizations organizations();

    Workspaces workspaces();

    MachineKeys machineKeys();

    IdempotencyRecords idempotency();

    Settings settings();

    Connections connections();

    Rules rules();

    Events events();

    Deliveries deliveries();

    Catalog catalog();

    Activity activity();

    Usage usage();

    PlatformAudit platformAudit();

    ConnectionTokens connectionTokens();

    Mappings mappings();

    FieldCatalogs fieldCatalogs();

    dev.openmeshes.core.embed.EmbedSessions embedSessions();

    People people();

    /**
     * Calls {@code callback} whenever another node (or this one) committed new due work: events
     * with deliveries, or a manual retry. PostgreSQL uses LISTEN/NOTIFY; the embedded store serves
     * one process, whose own wake-up is direct, so there it does nothing. Close the result to stop.
     */
    AutoCloseable onNewWork(Runnable callback);

    /** Runs {@code work} in one transaction against a store bound to it; commits if it returns. */
    <T> T inTransaction(Function<Store, T> work);

    /** {@code sqlite} or {@code postgresql}. */
    String kind();

    @Override
    void close();
}
