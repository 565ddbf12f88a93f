-- Answer types (issue 18; postgres dialect; keep in step with ../sqlite).

-- A photo an audit uses only as a signature its checklist keeps from the client's managers
-- (1): managers neither see it in the audit nor may download it.
ALTER TABLE audit_photos ADD COLUMN private BIGINT NOT NULL DEFAULT 0;
