-- The pain point noted at each touchpoint of an approved audit, beside its score (sqlite
-- dialect; keep in step with ../postgres): the journey map lists a touchpoint's pain points
-- with one indexed read of touchpoint_scores (`GET /api/v1/scorecards/pain-points`) instead
-- of decoding audits. NULL where none was noted (blank counts as none). Written with the
-- score rows when an audit is approved; filled here from the audits approved before.
ALTER TABLE touchpoint_scores ADD COLUMN pain_point TEXT;

UPDATE touchpoint_scores SET pain_point = notes.pain_point
FROM (
    SELECT a.id AS audit_id,
        json_extract(n.value, '$.touchpoint_id') AS touchpoint_id,
        json_extract(n.value, '$.pain_point') AS pain_point
    FROM audits a, json_each(a.body, '$.touchpoint_notes') n
    WHERE a.status = 'approved'
) AS notes
WHERE touchpoint_scores.audit_id = notes.audit_id
    AND touchpoint_scores.touchpoint_id = notes.touchpoint_id
    AND trim(notes.pain_point) <> '';
