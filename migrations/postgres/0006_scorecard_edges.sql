-- Covering indexes for the raw rows a scorecard reads at a period's partial first and last
-- days (and at the days a trend bucket boundary cuts): every column those reads use is in
-- the index, so they are index-only scans instead of one heap fetch per audit, touchpoint
-- or item (postgres dialect: INCLUDE columns; keep in step with ../sqlite, which appends
-- them to the key). Each replaces the index with the same key.
DROP INDEX audits_scorecard;
CREATE INDEX audits_scorecard ON audits (org_id, client_id, status, check_in_at)
    INCLUDE (location_id, region, percent, critical_failure, nps);

DROP INDEX touchpoint_scores_card;
CREATE INDEX touchpoint_scores_card ON touchpoint_scores (org_id, client_id, check_in_at)
    INCLUDE (location_id, region, touchpoint_id, stage_id, audit_id, earned, possible, percent,
    critical_failure, emotion);

DROP INDEX item_scores_card;
CREATE INDEX item_scores_card ON item_scores (org_id, client_id, check_in_at)
    INCLUDE (location_id, region, item_id, touchpoint_id, earned, possible);
