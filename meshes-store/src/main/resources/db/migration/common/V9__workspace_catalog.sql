-- The names (event types and resources) each workspace's events carried, recorded at ingest when
-- first seen, so a workspace's catalog reads a few rows instead of scanning its events.
CREATE TABLE catalog_names (
    organization_id TEXT NOT NULL,
    workspace_id    TEXT NOT NULL,
    kind            TEXT NOT NULL, -- 'event' or 'resource'
    name            TEXT NOT NULL,
    first_seen_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, kind, name)
);

INSERT INTO catalog_names (organization_id, workspace_id, kind, name, first_seen_at)
SELECT organization_id, workspace_id, 'event', event, MIN(created_at) FROM events
GROUP BY organization_id, workspace_id, event;

INSERT INTO catalog_names (organization_id, workspace_id, kind, name, first_seen_at)
SELECT organization_id, workspace_id, 'resource', resource, MIN(created_at) FROM events
WHERE resource IS NOT NULL
GROUP BY organization_id, workspace_id, resource;
