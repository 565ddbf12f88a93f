-- Daily sums of approved audits' scores, so a scorecard reads a few thousand rows whatever
-- the number of audits behind it (sqlite dialect; keep in step with ../postgres).
--
-- One row per client, kind, location, UTC day (check_in_at / 86400000) and key, at two
-- grains: per location (location_id and region set) and client-wide (location_id = '' and
-- region = ''). Kinds and keys:
--   audit       key ''                      whole-audit percentages (audits with a check-in)
--   stage       key stage id                per-audit stage percentages (pooled points)
--   touchpoint  key touchpoint id, parent its stage id ('' if none), with emotions
--   item        key item id, parent its touchpoint id; n and pct_sum of 100 × earned/possible
--   nps         key the answer 0-10         n = how many audits gave it
-- n counts scored rows (a percentage); critical counts every row with a critical failure;
-- passed counts percentages at or above the client's target when the row was written (a
-- change of target rebuilds the client's rows). Written with the score rows when an audit
-- is approved (approved audits never change), and built from them on first start after
-- this migration (see score_days_built).
CREATE TABLE score_days (
    org_id       TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('audit', 'stage', 'touchpoint', 'item', 'nps')),
    location_id  TEXT NOT NULL,
    region       TEXT NOT NULL,
    day_no       BIGINT NOT NULL,
    k            TEXT NOT NULL,
    parent       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    pct_sum      DOUBLE PRECISION NOT NULL,
    pct_sum_sq   DOUBLE PRECISION NOT NULL,
    pct_min      DOUBLE PRECISION,
    pct_max      DOUBLE PRECISION,
    passed       BIGINT NOT NULL,
    critical     BIGINT NOT NULL,
    emotion_n    BIGINT NOT NULL,
    emotion_sum  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (org_id, client_id, kind, location_id, region, day_no, k, parent)
);
-- Breakdowns by location and region, and region-filtered scorecards: a period's days.
CREATE INDEX score_days_day ON score_days (org_id, client_id, kind, day_no);

-- A row once score_days has been built from the score rows that existed before it.
CREATE TABLE score_days_built (
    built_at  BIGINT NOT NULL
);
