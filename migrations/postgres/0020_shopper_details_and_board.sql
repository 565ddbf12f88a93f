-- The same in both dialects. A shopper's optional details: what their home area is called,
-- the languages they speak (JSON array) and the demographics a client may require for a
-- scenario (JSON object, name → value). Seen by the shopper and staff only.
ALTER TABLE shopper_profiles ADD COLUMN home_label TEXT NOT NULL DEFAULT '';
ALTER TABLE shopper_profiles ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE shopper_profiles ADD COLUMN demographics TEXT NOT NULL DEFAULT '{}';

-- The job board a shopper browses: open jobs of the organisation nearest first. It reads
-- them box by box around the shopper (db::jobs::open_near), from an index holding each open
-- job's position, due date and id, so no row is read until the page is known.
CREATE INDEX panel_jobs_near ON panel_jobs (org_id, status, lat, lon, due, id);
