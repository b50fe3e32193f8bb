-- The history filtered by event name, or by a resource pair (an embedded resource session's whole
-- view), reads only the matching events, newest first, however long the history. Events without a
-- resource (none can match a resource filter) write nothing to the second index.
CREATE INDEX events_by_workspace_event ON events (workspace_id, event, created_at, id);
CREATE INDEX events_by_workspace_resource ON events (workspace_id, resource, resource_id, created_at, id)
    WHERE resource IS NOT NULL;

-- Events accepted and deliveries finished, per workspace and minute, added to in the transactions
-- that accept the events and record the results: exact across crashes, and one row per batch and
-- minute rather than one per event. On PostgreSQL concurrent transactions add to one of a few
-- shards of a minute, so they do not queue on one row lock; readers sum the shards.
CREATE TABLE activity_minutes (
    organization_id TEXT NOT NULL,
    workspace_id    TEXT NOT NULL,
    minute          BIGINT NOT NULL, -- milliseconds since the epoch of the minute's start
    shard           INTEGER NOT NULL,
    accepted        BIGINT NOT NULL,
    delivered       BIGINT NOT NULL,
    failed          BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, minute, shard)
);
