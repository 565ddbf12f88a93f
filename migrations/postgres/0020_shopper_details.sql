-- A shopper's optional details (the same in both dialects): what their home area is called,
-- the languages they speak (JSON array) and the demographics a client may require for a
-- scenario (JSON object, name → value). Seen by the shopper and staff only.
ALTER TABLE shopper_profiles ADD COLUMN home_label TEXT NOT NULL DEFAULT '';
ALTER TABLE shopper_profiles ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE shopper_profiles ADD COLUMN demographics TEXT NOT NULL DEFAULT '{}';
