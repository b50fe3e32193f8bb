-- Events per second a workspace's publishable key may send; NULL: the server default.
ALTER TABLE workspaces ADD COLUMN ingest_rate_limit INTEGER;
