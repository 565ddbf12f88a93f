-- Scheduled reports by e-mail (same in both dialects, keep in step with the other folder).
-- An outbox message may carry a kept scheduled report as its attachment: the worker reads the
-- PDF from `scheduled_reports` when it sends the message, so a report mailed to ten addresses
-- is stored once. Such messages go to the schedule's addresses on behalf of its maker
-- (`user_id`), who need not be users of Touchstone.
ALTER TABLE outbox ADD COLUMN attachment_id TEXT REFERENCES scheduled_reports(id);
