package dev.openmeshes.store;

import dev.openmeshes.core.store.IdempotencyRecords;
import java.time.Instant;
import java.util.Optional;

final class JdbcIdempotencyRecords implements IdempotencyRecords {

    private final JdbcStore.Sql sql;

    JdbcIdempotencyRecords(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<Entry> claim(String principal, String key, String sealedFingerprint, Instant now,
                                 Instant expiredBefore, Instant abandonedBefore) {
        return sql.inTransaction(tx -> {
            tx.createUpdate("""
                    DELETE FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?
                        AND (created_at < ? OR (status_code IS NULL AND created_at < ?))""")
                    .bind(0, principal).bind(1, key).bind(2, expiredBefore.toEpochMilli())
                    .bind(3, abandonedBefore.toEpochMilli()).execute();
            int claimed = tx.createUpdate("""
                    INSERT INTO idempotency_keys (principal, idempotency_key, sealed_fingerprint, created_at)
                    VALUES (?, ?, ?, ?) ON CONFLICT (principal, idempotency_key) DO NOTHING""")
                    .bind(0, principal).bind(1, key).bind(2, sealedFingerprint).bind(3, now.toEpochMilli()).execute();
            if (claimed == 1) {
                return Optional.<Entry>empty();
            }
            return tx.createQuery("SELECT * FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?")
                    .bind(0, principal).bind(1, key)
                    .map((rs, ctx) -> {
                        int status = rs.getInt("status_code");
                        Integer statusCode = rs.wasNull() ? null : status;
                        return new Entry(rs.getString("sealed_fingerprint"), statusCode,
                                rs.getString("sealed_response"), Rows.instant(rs, "created_at"));
                    })
                    .findOne();
        });
    }

    @Override
    public void complete(String principal, String key, int statusCode, String sealedResponse) {
        sql.inTransaction(h -> h.createUpdate("""
                        UPDATE idempotency_keys SET status_code = ?, sealed_response = ?
                        WHERE principal = ? AND idempotency_key = ?""")
                .bind(0, statusCode).bind(1, sealedResponse).bind(2, principal).bind(3, key).execute());
    }

    @Override
    public void release(String principal, String key) {
        sql.inTransaction(h -> h.createUpdate("DELETE FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?")
                .bind(0, principal).bind(1, key).execute());
    }

    @Override
    public int deleteCreatedBefore(Instant cutoff) {
        return sql.inTransaction(h -> h.createUpdate("DELETE FROM idempotency_keys WHERE created_at < ?")
                .bind(0, cutoff.toEpochMilli()).execute());
    }
}
