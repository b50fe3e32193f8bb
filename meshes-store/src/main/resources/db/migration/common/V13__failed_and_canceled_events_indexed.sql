-- The history filtered by a rare final state ("show me the failures") reads only those events,
-- newest first, however long the history: partial indexes hold just the failed and canceled events,
-- so ingesting (every new event is pending) and completing events write nothing more. Filters by
-- the common states read the workspace's index (events_by_workspace), where matches come soon.
CREATE INDEX events_failed_by_workspace ON events (workspace_id, created_at, id) WHERE status = 'failed';
CREATE INDEX events_canceled_by_workspace ON events (workspace_id, created_at, id) WHERE status = 'canceled';
