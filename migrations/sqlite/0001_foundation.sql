-- Touchstone foundation schema (SQLite dialect; keep in step with ../postgres).
-- Ids are UUID text; times are Unix milliseconds (UTC); flags are 0/1 integers (one type that
-- both backends read alike through sqlx::Any); structured content is JSON text.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'consultant', 'manager', 'auditor')),
    password_hash  TEXT NOT NULL,
    disabled       BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL
);
CREATE INDEX users_org ON users (org_id, email);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL
);

CREATE TABLE login_failures (
    subject  TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject, at);

CREATE TABLE clients (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    name            TEXT NOT NULL,
    target_percent  DOUBLE PRECISION NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX clients_org ON clients (org_id, name);

CREATE TABLE user_clients (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL REFERENCES clients(id),
    PRIMARY KEY (user_id, client_id)
);

CREATE TABLE locations (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    region      TEXT NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    lon         DOUBLE PRECISION NOT NULL,
    radius_m    DOUBLE PRECISION NOT NULL,
    polygon     TEXT,
    time_zone   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (client_id, code)
);
CREATE INDEX locations_client ON locations (org_id, client_id, code);

CREATE TABLE journeys (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    name        TEXT NOT NULL,
    stages      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX journeys_client ON journeys (org_id, client_id);

CREATE TABLE checklists (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organisations(id),
    client_id           TEXT NOT NULL REFERENCES clients(id),
    journey_id          TEXT NOT NULL REFERENCES journeys(id),
    current_version_id  TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
CREATE INDEX checklists_client ON checklists (org_id, client_id);

CREATE TABLE checklist_versions (
    id            TEXT PRIMARY KEY,
    checklist_id  TEXT NOT NULL REFERENCES checklists(id),
    number        BIGINT NOT NULL,
    content       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE (checklist_id, number)
);

CREATE TABLE assignments (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES organisations(id),
    client_id             TEXT NOT NULL REFERENCES clients(id),
    checklist_version_id  TEXT NOT NULL REFERENCES checklist_versions(id),
    location_id           TEXT NOT NULL REFERENCES locations(id),
    auditor_id            TEXT NOT NULL REFERENCES users(id),
    not_before            BIGINT NOT NULL,
    due                   BIGINT NOT NULL,
    scenario              TEXT NOT NULL,
    created_at            BIGINT NOT NULL
);
CREATE INDEX assignments_auditor ON assignments (org_id, auditor_id, due);
CREATE INDEX assignments_client ON assignments (org_id, client_id, due);

CREATE TABLE audits (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES organisations(id),
    client_id             TEXT NOT NULL REFERENCES clients(id),
    location_id           TEXT NOT NULL REFERENCES locations(id),
    region                TEXT NOT NULL,
    assignment_id         TEXT NOT NULL UNIQUE REFERENCES assignments(id),
    auditor_id            TEXT NOT NULL REFERENCES users(id),
    checklist_version_id  TEXT NOT NULL REFERENCES checklist_versions(id),
    status                TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
    check_in_at           BIGINT,
    body                  TEXT NOT NULL,
    score                 TEXT NOT NULL,
    earned                DOUBLE PRECISION NOT NULL,
    possible              DOUBLE PRECISION NOT NULL,
    percent               DOUBLE PRECISION,
    critical_failure      BIGINT NOT NULL,
    nps                   BIGINT,
    review                TEXT,
    submitted_at          BIGINT,
    approved_at           BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX audits_scorecard ON audits (org_id, client_id, status, check_in_at);
CREATE INDEX audits_auditor ON audits (org_id, auditor_id, updated_at);

-- Per approved audit × touchpoint: what scorecards aggregate.
CREATE TABLE touchpoint_scores (
    audit_id          TEXT NOT NULL REFERENCES audits(id),
    org_id            TEXT NOT NULL,
    client_id         TEXT NOT NULL,
    location_id       TEXT NOT NULL,
    region            TEXT NOT NULL,
    check_in_at       BIGINT NOT NULL,
    touchpoint_id     TEXT NOT NULL,
    stage_id          TEXT,
    earned            DOUBLE PRECISION NOT NULL,
    possible          DOUBLE PRECISION NOT NULL,
    percent           DOUBLE PRECISION,
    critical_failure  BIGINT NOT NULL,
    emotion           BIGINT,
    PRIMARY KEY (audit_id, touchpoint_id)
);
CREATE INDEX touchpoint_scores_card ON touchpoint_scores (org_id, client_id, check_in_at);

-- Per approved audit × scored item: worst items and exports.
CREATE TABLE item_scores (
    audit_id          TEXT NOT NULL REFERENCES audits(id),
    org_id            TEXT NOT NULL,
    client_id         TEXT NOT NULL,
    location_id       TEXT NOT NULL,
    region            TEXT NOT NULL,
    check_in_at       BIGINT NOT NULL,
    item_id           TEXT NOT NULL,
    touchpoint_id     TEXT NOT NULL,
    earned            DOUBLE PRECISION NOT NULL,
    possible          DOUBLE PRECISION NOT NULL,
    critical_failure  BIGINT NOT NULL,
    PRIMARY KEY (audit_id, item_id)
);
CREATE INDEX item_scores_card ON item_scores (org_id, client_id, check_in_at);

-- Who changed an audit's status, when, and why.
CREATE TABLE audit_events (
    id           TEXT PRIMARY KEY,
    audit_id     TEXT NOT NULL REFERENCES audits(id),
    actor_id     TEXT NOT NULL REFERENCES users(id),
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    comment      TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX audit_events_audit ON audit_events (audit_id, at);
