-- Events are indexed by workspace only: every accepted event writes one B-tree less (on SQLite
-- about a sixth of the pages each group commit writes). An organization-wide listing reads the
-- newest page of each of its workspaces from this index and merges them (JdbcEvents.list).
DROP INDEX events_by_org;
