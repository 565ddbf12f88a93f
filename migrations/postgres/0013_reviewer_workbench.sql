-- The reviewer's workbench (issue 21; postgres dialect; keep in step with ../sqlite).

-- A reviewer's correction of a submitted audit: who, when, why, the fields changed (JSON
-- list of before → after) and the audit's full state and score before it, so the
-- submission as the auditor sent it stays retrievable (the first edit made while the audit
-- was submitted at `submitted_at` holds it).
CREATE TABLE audit_edits (
    id              TEXT PRIMARY KEY,
    audit_id        TEXT NOT NULL REFERENCES audits(id),
    actor_id        TEXT NOT NULL REFERENCES users(id),
    at              BIGINT NOT NULL,
    reason          TEXT NOT NULL,
    changes         TEXT NOT NULL,
    submitted_at    BIGINT NOT NULL,
    before_body     TEXT NOT NULL,
    before_score    TEXT NOT NULL,
    percent_before  DOUBLE PRECISION,
    percent_after   DOUBLE PRECISION
);
CREATE INDEX audit_edits_audit ON audit_edits (audit_id, at);

-- Reusable review comments of an organisation, inserted when returning audits.
CREATE TABLE review_comments (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX review_comments_org ON review_comments (org_id, title);

-- Read-only links to one report (a client's report of a period, or one approved audit's),
-- opened without an account: the sha256 of the link's secret, an expiry, an optional
-- password (argon2, like users'), revocable; every open is kept.
CREATE TABLE share_links (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    created_by     TEXT NOT NULL REFERENCES users(id),
    token_hash     TEXT NOT NULL UNIQUE,
    client_id      TEXT REFERENCES clients(id),
    period_from    BIGINT,
    period_to      BIGINT,
    audit_id       TEXT REFERENCES audits(id),
    password_hash  TEXT,
    expires_at     BIGINT NOT NULL,
    revoked_at     BIGINT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX share_links_org ON share_links (org_id, created_at);

CREATE TABLE share_link_opens (
    id       TEXT PRIMARY KEY,
    link_id  TEXT NOT NULL REFERENCES share_links(id),
    at       BIGINT NOT NULL,
    ip       TEXT NOT NULL
);
CREATE INDEX share_link_opens_link ON share_link_opens (link_id, at);

-- Monthly client reports to a list of addresses: until reports are mailed, each run's PDF
-- is kept here and listed on the tools page. A run claims a schedule by moving
-- `next_run_at` on, so of several servers only one makes each month's report.
CREATE TABLE report_schedules (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    created_by   TEXT NOT NULL REFERENCES users(id),
    client_id    TEXT NOT NULL REFERENCES clients(id),
    recipients   TEXT NOT NULL,
    next_run_at  BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX report_schedules_due ON report_schedules (next_run_at);
CREATE INDEX report_schedules_org ON report_schedules (org_id, created_at);

CREATE TABLE scheduled_reports (
    id           TEXT PRIMARY KEY,
    schedule_id  TEXT NOT NULL,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    client_id    TEXT NOT NULL REFERENCES clients(id),
    period_from  BIGINT NOT NULL,
    period_to    BIGINT NOT NULL,
    recipients   TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    pdf          BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX scheduled_reports_org ON scheduled_reports (org_id, created_at);
