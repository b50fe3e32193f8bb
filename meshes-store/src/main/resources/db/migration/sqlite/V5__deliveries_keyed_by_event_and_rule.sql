-- A delivery is keyed by its event and rule, as the API addresses it ("rule events"), and keeps
-- only what is its own: organization, workspace, event name, resource and creation time are the
-- event's and are read from it. Every accepted event writes one B-tree and about half the bytes
-- less per delivery. Attempts are found by the same key. SQLite cannot change a table's key in
-- place, so both tables are rebuilt; attempts go first, as they reference the old deliveries.
CREATE TABLE deliveries_keyed (
    event_id         TEXT NOT NULL REFERENCES events (id),
    rule_id          TEXT NOT NULL,
    id               TEXT NOT NULL, -- stable across attempts: receivers deduplicate on it
    connection_id    TEXT NOT NULL,
    integration_type TEXT NOT NULL,
    status           TEXT NOT NULL, -- pending, processing, completed, failed
    attempt_count    INTEGER NOT NULL,
    max_attempts     INTEGER NOT NULL,
    next_attempt_at  BIGINT,        -- set while pending
    lease_owner      TEXT,          -- set while processing
    lease_until      BIGINT,
    last_error       TEXT,
    started_at       BIGINT,
    completed_at     BIGINT,
    PRIMARY KEY (event_id, rule_id)
) WITHOUT ROWID;
INSERT INTO deliveries_keyed (event_id, rule_id, id, connection_id, integration_type, status, attempt_count,
        max_attempts, next_attempt_at, lease_owner, lease_until, last_error, started_at, completed_at)
    SELECT event_id, rule_id, id, connection_id, integration_type, status, attempt_count,
        max_attempts, next_attempt_at, lease_owner, lease_until, last_error, started_at, completed_at
    FROM deliveries;

CREATE TABLE attempts_keyed (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL,
    rule_id         TEXT NOT NULL,
    delivery_id     TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    number          INTEGER NOT NULL,
    outcome         TEXT NOT NULL,
    status_code     INTEGER,
    duration_ms     BIGINT NOT NULL,
    message         TEXT,
    response_body   TEXT,
    request_headers TEXT NOT NULL, -- JSON object, secrets redacted
    started_at      BIGINT NOT NULL,
    FOREIGN KEY (event_id, rule_id) REFERENCES deliveries_keyed (event_id, rule_id)
);
INSERT INTO attempts_keyed (id, event_id, rule_id, delivery_id, organization_id, number, outcome, status_code,
        duration_ms, message, response_body, request_headers, started_at)
    SELECT id, event_id, rule_id, delivery_id, organization_id, number, outcome, status_code,
        duration_ms, message, response_body, request_headers, started_at
    FROM attempts;

DROP TABLE attempts;
DROP TABLE deliveries;
-- Renaming also rewrites the reference from attempts_keyed.
ALTER TABLE deliveries_keyed RENAME TO deliveries;
ALTER TABLE attempts_keyed RENAME TO attempts;

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'processing';
CREATE INDEX attempts_by_delivery ON attempts (event_id, rule_id, number);
