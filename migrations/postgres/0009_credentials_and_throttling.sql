-- Credentials end together, sign-in throttling, owned photo references (issue 16; PostgreSQL
-- dialect; keep in step with ../sqlite).

-- API tokens may expire, and show when they were last used (written at most once a minute).
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Sign-in throttling: one row per account + address pair, per known device, or (unknown
-- accounts only) per address. An attempt is reserved by one conditional upsert before the
-- password is verified, so parallel guesses count; past the free attempts each failure
-- doubles the wait before the next (`next_at`). A successful sign-in deletes the row.
CREATE TABLE login_throttle (
    subject   TEXT PRIMARY KEY,
    attempts  BIGINT NOT NULL,
    delay_ms  BIGINT NOT NULL,
    next_at   BIGINT NOT NULL,
    seen_at   BIGINT NOT NULL
);
CREATE INDEX login_throttle_seen ON login_throttle (seen_at);

-- Devices that signed in before (the hash of their device cookie): a correct password from
-- one of them is let through whatever others guess at the account.
CREATE TABLE login_devices (
    id_hash     TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL
);
CREATE INDEX login_devices_user ON login_devices (user_id);

-- Everybody who uploaded a photo's bytes (a retry or a second uploader stores nothing new):
-- an audit may cite only photos its auditor uploaded.
CREATE TABLE photo_uploads (
    org_id   TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (org_id, sha256, user_id)
);
INSERT INTO photo_uploads (org_id, sha256, user_id) SELECT org_id, sha256, uploaded_by FROM photos;

-- Replaced by login_throttle.
DROP TABLE login_failures;
