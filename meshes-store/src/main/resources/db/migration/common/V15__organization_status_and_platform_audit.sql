-- Operators manage organizations: each has a status (active, suspended, deleting, deleted; a deleted
-- one stays as a tombstone so its id is never reused), and every request a platform admin makes is
-- recorded in platform_audit, which is the operator's and outlives the organizations it names.
ALTER TABLE organizations ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
CREATE INDEX organizations_by_creation ON organizations (created_at, id);

CREATE TABLE platform_audit (
    id              TEXT PRIMARY KEY,
    key_id          TEXT NOT NULL,
    access_key      TEXT NOT NULL,
    organization_id TEXT NOT NULL, -- the organization acted in (the operators' own for platform endpoints)
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    status          INTEGER NOT NULL,
    correlation_id  TEXT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX platform_audit_by_time ON platform_audit (at, id);
