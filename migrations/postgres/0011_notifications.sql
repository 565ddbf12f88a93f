-- Notifications (same in both dialects, keep in step with the other folder).
-- `notifications` is the in-app centre: one row per recipient and event, unique by `event_key`
-- so a reminder scan that runs twice (or on two servers) adds nothing the second time.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    event_key   TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

-- The outbox: messages to send, written in the transaction of the change that causes them.
-- `idempotency_key` is unique (at most one message per event, recipient and channel) and goes
-- out with the message; a worker leases due rows (`lease_until`) before sending, so servers
-- sharing the database never send one twice.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    user_id          TEXT NOT NULL REFERENCES users(id),
    kind             TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('email')),
    idempotency_key  TEXT NOT NULL UNIQUE,
    address          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    link             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    lease_until      BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    delivered_at     BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_org ON outbox (org_id, id);

-- Every delivery attempt, for the admins' delivery log.
CREATE TABLE outbox_attempts (
    id            TEXT PRIMARY KEY,
    outbox_id     TEXT NOT NULL REFERENCES outbox(id),
    attempted_at  BIGINT NOT NULL,
    ok            BIGINT NOT NULL,
    error         TEXT NOT NULL
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id, attempted_at);

-- Kinds of e-mail a user unsubscribed from (through the signed link of a message).
CREATE TABLE notification_optouts (
    user_id     TEXT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Secrets the servers sharing the database agree on (the unsubscribe links' signing key).
CREATE TABLE server_keys (
    name    TEXT PRIMARY KEY,
    secret  TEXT NOT NULL
);
