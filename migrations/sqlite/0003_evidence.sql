-- Evidence photos and proof-of-visit flags (SQLite dialect; keep in step with ../postgres).

-- A photo an organisation received, keyed by the sha256 of the uploaded bytes (the same key
-- as in the object store, which holds each file once whatever the organisation).
CREATE TABLE photos (
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    sha256            TEXT NOT NULL,
    mime              TEXT NOT NULL,
    width             BIGINT NOT NULL,
    height            BIGINT NOT NULL,
    byte_size         BIGINT NOT NULL,
    -- 64-bit perceptual hash as a signed integer.
    phash             BIGINT NOT NULL,
    -- EXIF DateTimeOriginal as written (camera wall clock, no zone): YYYY-MM-DDTHH:MM:SS.
    exif_taken_local  TEXT,
    -- EXIF OffsetTimeOriginal, in seconds east of UTC.
    exif_offset_s     BIGINT,
    -- EXIF GPS date and time stamp, Unix milliseconds.
    exif_gps_time     BIGINT,
    exif_lat          DOUBLE PRECISION,
    exif_lon          DOUBLE PRECISION,
    exif_accuracy_m   DOUBLE PRECISION,
    exif_orientation  BIGINT,
    uploaded_by       TEXT NOT NULL REFERENCES users(id),
    created_at        BIGINT NOT NULL,
    PRIMARY KEY (org_id, sha256)
);

-- Which audits use which photos (answers and touchpoint notes), rewritten at every save:
-- who may see a photo, and which photos another audit already used.
CREATE TABLE audit_photos (
    audit_id  TEXT NOT NULL REFERENCES audits(id),
    org_id    TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    PRIMARY KEY (audit_id, sha256)
);
CREATE INDEX audit_photos_photo ON audit_photos (org_id, sha256);

-- Proof-of-visit flags (JSON array of shared::verify::Flag) computed at the last submission.
ALTER TABLE audits ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
