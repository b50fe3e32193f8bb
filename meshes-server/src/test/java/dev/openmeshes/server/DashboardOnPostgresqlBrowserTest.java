package dev.openmeshes.server;

import dev.openmeshes.store.testing.TestDatabases;

/**
 * The dashboard's journeys of {@link DashboardBrowserTest} on PostgreSQL, the production store:
 * people, sessions, history and retries through a real browser on it too. Screenshots are
 * {@code target/screenshots/postgresql-*.png}.
 */
class DashboardOnPostgresqlBrowserTest extends DashboardBrowserTest {

    @Override
    TestDatabases.Kind store() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
