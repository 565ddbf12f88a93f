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
