-- Portable SQL: the same migration runs on SQLite and PostgreSQL. Timestamps are epoch
-- milliseconds, ids are canonical UUID text, and every tenant table leads with organization_id.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE workspaces (
    id                                  TEXT PRIMARY KEY,
    organization_id                     TEXT NOT NULL REFERENCES organizations (id),
    name                                TEXT NOT NULL,
    name_key                            TEXT NOT NULL, -- lower-cased name: names are unique per organization
    description                         TEXT,
    publishable_key_name                TEXT NOT NULL,
    publishable_key                     TEXT NOT NULL UNIQUE,
    previous_publishable_key            TEXT UNIQUE,
    previous_publishable_key_expires_at BIGINT,
    created_at                          BIGINT NOT NULL,
    updated_at                          BIGINT NOT NULL,
    UNIQUE (organization_id, name_key)
);
CREATE INDEX workspaces_by_org ON workspaces (organization_id, created_at, id);

CREATE TABLE machine_keys (
    id                         TEXT PRIMARY KEY,
    organization_id            TEXT NOT NULL REFERENCES organizations (id),
    name                       TEXT NOT NULL,
    access_key                 TEXT NOT NULL UNIQUE,
    sealed_secret              TEXT NOT NULL, -- AES-GCM under the master key, bound to access_key
    sealed_previous_secret     TEXT,
    previous_secret_expires_at BIGINT,
    scopes                     TEXT NOT NULL, -- space-separated
    workspace_ids              TEXT,          -- space-separated; NULL means every workspace
    created_by                 TEXT NOT NULL,
    created_at                 BIGINT NOT NULL,
    updated_at                 BIGINT NOT NULL,
    expires_at                 BIGINT,
    revoked_at                 BIGINT
);
CREATE INDEX machine_keys_by_org ON machine_keys (organization_id, created_at, id);

CREATE TABLE idempotency_keys (
    scope           TEXT NOT NULL, -- who sent it: an organization or a publishable key's workspace
    idempotency_key TEXT NOT NULL,
    fingerprint     TEXT NOT NULL, -- hash of method, path and body
    status_code     INTEGER,       -- NULL while the first request is running
    response_body   TEXT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
