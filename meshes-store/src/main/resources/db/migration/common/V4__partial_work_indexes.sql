-- The worker's queues as partial indexes: only pending and leased deliveries are in them, so a
-- finished delivery leaves them and the indexes stay as small as the backlog instead of growing
-- with the whole history. Inserting an event's deliveries also updates one index less.
DROP INDEX deliveries_due;
DROP INDEX deliveries_leased;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'processing';
