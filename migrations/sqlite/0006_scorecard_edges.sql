-- Covering indexes for the raw rows a scorecard reads at a period's partial first and last
-- days (and at the days a trend bucket boundary cuts): every column those reads use is in
-- the index, so they scan the index alone instead of fetching one table row per audit,
-- touchpoint or item (sqlite dialect: the extra columns are trailing key columns; keep in
-- step with ../postgres, which uses INCLUDE). Each replaces the index that is its prefix.
DROP INDEX audits_scorecard;
CREATE INDEX audits_scorecard ON audits (org_id, client_id, status, check_in_at,
    location_id, region, percent, critical_failure, nps);

DROP INDEX touchpoint_scores_card;
CREATE INDEX touchpoint_scores_card ON touchpoint_scores (org_id, client_id, check_in_at,
    location_id, region, touchpoint_id, stage_id, audit_id, earned, possible, percent,
    critical_failure, emotion);

DROP INDEX item_scores_card;
CREATE INDEX item_scores_card ON item_scores (org_id, client_id, check_in_at,
    location_id, region, item_id, touchpoint_id, earned, possible);
