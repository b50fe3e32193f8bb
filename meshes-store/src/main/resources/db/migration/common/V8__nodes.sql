-- Worker nodes prove they are alive: each one rewrites its row every few seconds. When a node's row
-- falls silent the node is dead, and the others hand its leases back at once instead of waiting
-- for them to run out (minutes). The embedded store serves one process and needs no rows.
CREATE TABLE nodes (
    owner TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
