-- Notification channels and preferences (issue 19; same in both dialects, keep in step with
-- the other folder).

-- An organisation's webhook endpoints. `secret` (`whsec_<base64>`) signs every delivery
-- (Standard Webhooks); an endpoint that keeps failing is disabled (`disabled_at`, with why).
CREATE TABLE webhooks (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    url              TEXT NOT NULL,
    secret           TEXT NOT NULL,
    created_by       TEXT NOT NULL REFERENCES users(id),
    created_at       BIGINT NOT NULL,
    disabled_at      BIGINT,
    disabled_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhooks_org ON webhooks (org_id, id);

-- The event kinds an endpoint receives.
CREATE TABLE webhook_kinds (
    webhook_id  TEXT NOT NULL REFERENCES webhooks(id),
    kind        TEXT NOT NULL,
    PRIMARY KEY (webhook_id, kind)
);
CREATE INDEX webhook_kinds_kind ON webhook_kinds (kind, webhook_id);

-- Webhook messages, written in the transaction of the change that causes them (with its
-- notifications and e-mails) and leased and retried by the delivery workers like the e-mail
-- outbox: one per event and endpoint (`idempotency_key` unique).
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    webhook_id       TEXT NOT NULL REFERENCES webhooks(id),
    kind             TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL UNIQUE,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    lease_until      BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    delivered_at     BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

-- Every attempt to deliver a webhook message (the endpoint's delivery log).
CREATE TABLE webhook_attempts (
    id            TEXT PRIMARY KEY,
    delivery_id   TEXT NOT NULL REFERENCES webhook_deliveries(id),
    attempted_at  BIGINT NOT NULL,
    ok            BIGINT NOT NULL,
    error         TEXT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);
