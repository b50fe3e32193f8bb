package dev.openmeshes.store;

import dev.openmeshes.core.store.Settings;
import java.util.Optional;

final class JdbcSettings implements Settings {

    private final JdbcStore.Sql sql;

    JdbcSettings(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<String> get(String name) {
        return sql.with(h -> h.createQuery("SELECT value FROM settings WHERE name = ?").bind(0, name)
                .mapTo(String.class).findOne());
    }

    @Override
    public String putIfAbsent(String name, String value) {
        return sql.inTransaction(h -> {
            h.createUpdate("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                    .bind(0, name).bind(1, value).execute();
            return h.createQuery("SELECT value FROM settings WHERE name = ?").bind(0, name).mapTo(String.class).one();
        });
    }
}
