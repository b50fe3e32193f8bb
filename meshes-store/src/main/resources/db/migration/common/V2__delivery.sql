-- Connections, rules, and the outbox: events with one delivery per matching rule, written in one
-- transaction; the workers lease due deliveries and record every attempt.

CREATE TABLE connections (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    type            TEXT NOT NULL,
    name            TEXT NOT NULL,
    metadata        TEXT NOT NULL, -- JSON; secret fields sealed under the master key
    active          BOOLEAN NOT NULL,
    inactive_reason TEXT,
    hidden          BOOLEAN NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX connections_by_org ON connections (organization_id, created_at, id);
CREATE INDEX connections_by_workspace ON connections (workspace_id, created_at, id);

CREATE TABLE rules (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    connection_id   TEXT NOT NULL REFERENCES connections (id),
    event           TEXT NOT NULL,
    resource        TEXT,
    resource_id     TEXT,
    metadata        TEXT NOT NULL, -- JSON object of strings; "action" required
    active          BOOLEAN NOT NULL,
    hidden          BOOLEAN NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX rules_by_org ON rules (organization_id, created_at, id);
CREATE INDEX rules_by_workspace_event ON rules (workspace_id, event);
CREATE INDEX rules_by_connection ON rules (connection_id);

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    workspace_id    TEXT NOT NULL,
    event           TEXT NOT NULL,
    resource        TEXT,
    resource_id     TEXT,
    payload         TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    -- summary of the deliveries, refreshed with every recorded attempt
    status          TEXT NOT NULL,
    total_rules     INTEGER NOT NULL,
    completed_count INTEGER NOT NULL,
    failed_count    INTEGER NOT NULL,
    started_at      BIGINT,
    completed_at    BIGINT
);
CREATE INDEX events_by_org ON events (organization_id, created_at, id);
CREATE INDEX events_by_workspace ON events (workspace_id, created_at, id);

CREATE TABLE deliveries (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL,
    workspace_id     TEXT NOT NULL,
    event_id         TEXT NOT NULL REFERENCES events (id),
    rule_id          TEXT NOT NULL,
    connection_id    TEXT NOT NULL,
    integration_type TEXT NOT NULL,
    event            TEXT NOT NULL,
    resource         TEXT,
    resource_id      TEXT,
    status           TEXT NOT NULL, -- pending, processing, completed, failed
    attempt_count    INTEGER NOT NULL,
    max_attempts     INTEGER NOT NULL,
    next_attempt_at  BIGINT,        -- set while pending
    lease_owner      TEXT,          -- set while processing
    lease_until      BIGINT,
    last_error       TEXT,
    started_at       BIGINT,
    completed_at     BIGINT,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_leased ON deliveries (status, lease_until);
CREATE INDEX deliveries_by_event ON deliveries (event_id);

CREATE TABLE attempts (
    id              TEXT PRIMARY KEY,
    delivery_id     TEXT NOT NULL REFERENCES deliveries (id),
    organization_id TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    rule_id         TEXT NOT NULL,
    number          INTEGER NOT NULL,
    outcome         TEXT NOT NULL,
    status_code     INTEGER,
    duration_ms     BIGINT NOT NULL,
    message         TEXT,
    response_body   TEXT,
    request_headers TEXT NOT NULL, -- JSON object, secrets redacted
    started_at      BIGINT NOT NULL
);
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, number);
CREATE INDEX attempts_by_event ON attempts (event_id);
