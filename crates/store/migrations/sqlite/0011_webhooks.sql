-- Webhooks: the addresses an admin subscribed to events (an article
-- published, updated, taken down), each with the secret its deliveries are
-- signed with; the deliveries themselves, a durable queue every node takes
-- from (a delivery is claimed for a while by one node, so it is sent once);
-- and each attempt at one, for the delivery log.
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    events      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    disabled_at INTEGER
);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    article_id      INTEGER,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY,
    delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at INTEGER NOT NULL,
    status       INTEGER,
    error        TEXT NOT NULL,
    took_ms      INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
