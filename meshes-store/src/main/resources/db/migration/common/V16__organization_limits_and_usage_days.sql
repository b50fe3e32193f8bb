-- A platform admin limits each organization: its monthly event quota (null: unlimited) and the
-- events per second all its ingestion may send (null: the server's default for organizations).
ALTER TABLE organizations ADD COLUMN monthly_event_quota BIGINT;
ALTER TABLE organizations ADD COLUMN ingest_rate_limit INTEGER;

-- Usage per organization and UTC day, rolled up by housekeeping from activity_minutes once a day is
-- over (recomputed and replaced, so rolling a day up again or on two nodes is harmless) and kept for
-- about 13 months, long after the minutes are pruned. usage_rollups lists the days rolled up: a
-- day's minutes are pruned only once it is, and usage reads the minutes for the days after the last.
CREATE TABLE usage_days (
    organization_id TEXT NOT NULL,
    day             BIGINT NOT NULL, -- milliseconds since the epoch of the day's start (UTC)
    accepted        BIGINT NOT NULL,
    delivered       BIGINT NOT NULL,
    failed          BIGINT NOT NULL,
    PRIMARY KEY (organization_id, day)
);
CREATE TABLE usage_rollups (
    day BIGINT PRIMARY KEY
);

-- An organization's minutes (its usage and month-to-date count) and a day's minutes (the rollup, the
-- pruning) are read without scanning the table. Only a minute's first row writes these entries:
-- the upserts that add to it change no indexed column.
CREATE INDEX activity_minutes_by_organization ON activity_minutes (organization_id, minute);
CREATE INDEX activity_minutes_by_minute ON activity_minutes (minute);
