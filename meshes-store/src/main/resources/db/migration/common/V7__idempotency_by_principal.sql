-- Idempotency records belong to the key that sent the request, not to its organization, and what
-- they keep is sealed with the master key (the request's fingerprint and the answer, which may
-- carry a secret). Records are kept for 24 hours only, so the old ones, keyed by organization and
-- holding answers in clear, are dropped rather than converted: a retry spanning the upgrade runs again.
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    principal          TEXT NOT NULL, -- who sent it: one machine key, or one workspace's publishable key
    idempotency_key    TEXT NOT NULL,
    sealed_fingerprint TEXT NOT NULL, -- hash of method, path and body, sealed
    status_code        INTEGER,       -- NULL while the first request is running
    sealed_response    TEXT,          -- the answer's JSON body, sealed
    created_at         BIGINT NOT NULL,
    PRIMARY KEY (principal, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
