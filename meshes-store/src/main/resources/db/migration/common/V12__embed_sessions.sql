-- Embed sessions: what an embedded dashboard iframe may reach in one workspace, and until when.
-- Tokens are never stored: only the SHA-256 of the current access token (replaced on refresh,
-- token_version counting the replacements) and of the one-time launch token.
CREATE TABLE embed_sessions (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL,
    workspace_id      TEXT NOT NULL,
    role              TEXT NOT NULL,   -- owner, admin, member
    session_type      TEXT NOT NULL,   -- workspace, resource, dashboard
    resource          TEXT,
    resource_id       TEXT,
    external_user_id  TEXT,
    scopes            TEXT NOT NULL,   -- space-separated
    allowed_origins   TEXT NOT NULL,   -- space-separated normalized origins
    launch_page       TEXT NOT NULL,
    status            TEXT NOT NULL,   -- active, revoked
    ttl_seconds       INTEGER NOT NULL,
    access_token_hash TEXT NOT NULL,
    token_version     INTEGER NOT NULL,
    launch_token_hash TEXT NOT NULL UNIQUE,
    launch_expires_at BIGINT NOT NULL,
    launched_at       BIGINT,
    created_by        TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    expires_at        BIGINT NOT NULL,
    revoked_at        BIGINT
);

CREATE INDEX embed_sessions_by_workspace ON embed_sessions (organization_id, workspace_id, created_at, id);
