-- The shopper panel (sqlite dialect; keep in step with ../postgres): recurring wave
-- schedules, the jobs they create for the job board, shoppers' profiles and ratings, their
-- exclusions from locations and their certifications.

-- A client's recurring programme. `terms` (JSON) are the pay and claim rules each job copies
-- when it is created, so an edit changes only the waves created after it.
CREATE TABLE wave_schedules (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES organisations(id),
    client_id             TEXT NOT NULL REFERENCES clients(id),
    name                  TEXT NOT NULL,
    checklist_version_id  TEXT NOT NULL REFERENCES checklist_versions(id),
    region                TEXT NOT NULL,
    location_ids          TEXT NOT NULL,
    period                TEXT NOT NULL CHECK (period IN ('monthly', 'quarterly', 'weeks')),
    every_weeks           BIGINT NOT NULL,
    starts_at             BIGINT NOT NULL,
    window_offset_days    BIGINT NOT NULL,
    window_days           BIGINT NOT NULL,
    scenarios             TEXT NOT NULL,
    terms                 TEXT NOT NULL,
    active                BIGINT NOT NULL,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX wave_schedules_client ON wave_schedules (org_id, client_id);

-- One visit of one wave, open on the job board until a shopper claims it (then it has an
-- assignment) or applies for it. One per schedule, period and location: creating a wave
-- twice, from a restart or a second server, inserts nothing the second time. Pay is read
-- from it: the fee, the receipt (up to the cap in `terms`) and an adjustment are payable
-- while the assignment's audit is approved.
CREATE TABLE panel_jobs (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES organisations(id),
    client_id             TEXT NOT NULL REFERENCES clients(id),
    schedule_id           TEXT NOT NULL REFERENCES wave_schedules(id),
    period_start          BIGINT NOT NULL,
    location_id           TEXT NOT NULL REFERENCES locations(id),
    checklist_version_id  TEXT NOT NULL REFERENCES checklist_versions(id),
    lat                   DOUBLE PRECISION NOT NULL,
    lon                   DOUBLE PRECISION NOT NULL,
    not_before            BIGINT NOT NULL,
    due                   BIGINT NOT NULL,
    scenario              TEXT NOT NULL,
    terms                 TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('open', 'applied', 'claimed')),
    shopper_id            TEXT REFERENCES users(id),
    assignment_id         TEXT UNIQUE REFERENCES assignments(id),
    claimed_at            BIGINT,
    late_counted          BIGINT NOT NULL,
    receipt_minor         BIGINT,
    adjustment_minor      BIGINT NOT NULL,
    adjustment_reason     TEXT NOT NULL,
    created_at            BIGINT NOT NULL,
    UNIQUE (schedule_id, period_start, location_id)
);
CREATE INDEX panel_jobs_board ON panel_jobs (org_id, status, due);
CREATE INDEX panel_jobs_shopper ON panel_jobs (org_id, shopper_id, not_before);

-- A shopper's home area and rating (0–5), which staff may override with a note.
CREATE TABLE shopper_profiles (
    user_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    home_lat     DOUBLE PRECISION,
    home_lon     DOUBLE PRECISION,
    rating       DOUBLE PRECISION NOT NULL,
    rating_note  TEXT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- Locations a shopper may not visit (they are known there).
CREATE TABLE shopper_exclusions (
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    location_id  TEXT NOT NULL REFERENCES locations(id),
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (user_id, location_id)
);

-- A checklist's certification: a quiz (another checklist version, scored the same way) and
-- its pass mark; and shoppers' attempts at it.
CREATE TABLE certifications (
    checklist_id     TEXT PRIMARY KEY REFERENCES checklists(id),
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    quiz_version_id  TEXT NOT NULL REFERENCES checklist_versions(id),
    pass_percent     DOUBLE PRECISION NOT NULL,
    retake_days      BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE certification_attempts (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    checklist_id  TEXT NOT NULL REFERENCES checklists(id),
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    percent       DOUBLE PRECISION NOT NULL,
    passed        BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX certification_attempts_user ON certification_attempts (org_id, user_id, checklist_id, created_at);
