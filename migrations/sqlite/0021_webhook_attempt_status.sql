-- The HTTP status code a webhook endpoint answered an attempt with, for the delivery log
-- (absent when no answer came: a timeout, a refused connection, a refused address).
-- The same in both dialects.
ALTER TABLE webhook_attempts ADD COLUMN status_code BIGINT;
