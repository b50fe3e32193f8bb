-- A delivery is keyed by its event and rule, as the API addresses it ("rule events"), and keeps
-- only what is its own: organization, workspace, event name, resource and creation time are the
-- event's and are read from it. Every accepted event writes one index and about half the bytes
-- less per delivery. Attempts are found by the same key.
ALTER TABLE attempts DROP CONSTRAINT attempts_delivery_id_fkey;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_pkey;
ALTER TABLE deliveries ADD PRIMARY KEY (event_id, rule_id);
DROP INDEX deliveries_by_event; -- the key's prefix
ALTER TABLE deliveries
    DROP COLUMN organization_id,
    DROP COLUMN workspace_id,
    DROP COLUMN event,
    DROP COLUMN resource,
    DROP COLUMN resource_id,
    DROP COLUMN created_by,
    DROP COLUMN created_at;

DROP INDEX attempts_by_delivery;
DROP INDEX attempts_by_event;
CREATE INDEX attempts_by_delivery ON attempts (event_id, rule_id, number);
ALTER TABLE attempts ADD FOREIGN KEY (event_id, rule_id) REFERENCES deliveries (event_id, rule_id);
