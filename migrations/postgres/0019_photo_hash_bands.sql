-- Bands of each photo's perceptual hash, so that a submission finds the photos other audits
-- used that may be the same picture through an index instead of reading every photo of the
-- organisation (shared::verify::hash_bands: the 64-bit hash in 7 bands, six of 9 bits and
-- the last of 10; two hashes within REUSE_MAX_DISTANCE = 6 bits agree on at least one band).
-- The same in both dialects.
CREATE TABLE photo_hash_bands (
    org_id    TEXT NOT NULL,
    -- band number << 10 | the band's bits
    band_key  BIGINT NOT NULL,
    sha256    TEXT NOT NULL,
    PRIMARY KEY (org_id, band_key, sha256)
);

-- The photos received before this migration (keep in step with hash_bands).
INSERT INTO photo_hash_bands (org_id, band_key, sha256)
SELECT org_id, (0 << 10) | ((phash >> 0) & 511), sha256 FROM photos
UNION ALL SELECT org_id, (1 << 10) | ((phash >> 9) & 511), sha256 FROM photos
UNION ALL SELECT org_id, (2 << 10) | ((phash >> 18) & 511), sha256 FROM photos
UNION ALL SELECT org_id, (3 << 10) | ((phash >> 27) & 511), sha256 FROM photos
UNION ALL SELECT org_id, (4 << 10) | ((phash >> 36) & 511), sha256 FROM photos
UNION ALL SELECT org_id, (5 << 10) | ((phash >> 45) & 511), sha256 FROM photos
UNION ALL SELECT org_id, (6 << 10) | ((phash >> 54) & 1023), sha256 FROM photos;
