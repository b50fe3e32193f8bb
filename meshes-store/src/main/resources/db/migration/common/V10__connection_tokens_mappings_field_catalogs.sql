-- What a connector keeps per connection: its OAuth tokens (sealed), its default field mapping (one
-- row per version) and the field catalog last loaded from its vendor. Each row belongs to one
-- connection and is deleted with it (JdbcConnections.delete).

CREATE TABLE connection_tokens (
    connection_id        TEXT PRIMARY KEY REFERENCES connections (id),
    organization_id      TEXT NOT NULL,
    sealed_access_token  TEXT NOT NULL,
    sealed_refresh_token TEXT,
    expires_at           BIGINT,
    extra_json           TEXT NOT NULL, -- JSON object: what else the vendor's token answer carried
    version              BIGINT NOT NULL, -- grows by one with every save
    refresh_owner        TEXT,   -- the node holding the refresh claim
    refresh_until        BIGINT, -- when that claim lapses
    updated_at           BIGINT NOT NULL
);

CREATE TABLE mappings (
    id               TEXT PRIMARY KEY, -- this version's
    mapping_id       TEXT NOT NULL,    -- the same for every version
    organization_id  TEXT NOT NULL,
    workspace_id     TEXT NOT NULL,
    connection_id    TEXT NOT NULL REFERENCES connections (id),
    integration_type TEXT NOT NULL,
    name             TEXT NOT NULL,
    version          INTEGER NOT NULL,
    schema_json      TEXT NOT NULL,
    catalog_version  TEXT,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (connection_id, version) -- two saves of the same next version: one wins
);

CREATE TABLE field_catalogs (
    connection_id    TEXT PRIMARY KEY REFERENCES connections (id),
    id               TEXT NOT NULL,
    organization_id  TEXT NOT NULL,
    workspace_id     TEXT NOT NULL,
    integration_type TEXT NOT NULL,
    catalog_version  TEXT,
    fields_json      TEXT NOT NULL, -- JSON array of FieldDefinition
    created_by       TEXT NOT NULL,
    refreshed_at     BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- Holding and resuming a connection's pending deliveries reads only them, however long the history.
CREATE INDEX deliveries_pending_by_connection ON deliveries (connection_id) WHERE status = 'pending';
