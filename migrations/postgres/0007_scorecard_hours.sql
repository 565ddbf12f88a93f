-- Hourly sums of approved audits' scores, for the partial days at a scorecard period's edges
-- (postgres dialect; keep in step with ../sqlite).
--
-- The same rows as score_days (0005: kinds, keys, both location grains, the same columns)
-- at the grain of a UTC hour: hour_no = check_in_at / 3600000. A period between arbitrary
-- times reads whole days from score_days, the whole hours of its partial first and last
-- days from here, and raw score rows only for the partial hours at both ends. Every audit's
-- score rows share one check-in time, so an hour holds whole audits and the per-audit stage
-- percentages add up by hour as they do by day. Hours are kept for every day (any day can be
-- an edge) and at both grains, so every scorecard filter reads them as it reads score_days.
--
-- Written with score_days when an audit is approved. rollups::rebuild builds the hours from
-- the score rows and the days from the hours. The marker of 0005 is replaced by one for both
-- tables, empty here, so the first start after this migration builds both.
CREATE TABLE score_hours (
    org_id       TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('audit', 'stage', 'touchpoint', 'item', 'nps')),
    location_id  TEXT NOT NULL,
    region       TEXT NOT NULL,
    hour_no      BIGINT NOT NULL,
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
    PRIMARY KEY (org_id, client_id, kind, location_id, region, hour_no, k, parent)
);
-- Region-filtered scorecards and breakdowns by location: a range of hours, as score_days_day.
CREATE INDEX score_hours_hour ON score_hours (org_id, client_id, kind, hour_no);

DROP TABLE score_days_built;
-- A row once score_days and score_hours have been built from the score rows before them.
CREATE TABLE score_sums_built (
    built_at  BIGINT NOT NULL
);
