-- The organisation's time zone (IANA name, e.g. Europe/London; same in both dialects, keep in
-- step with the other folder): the days a person picks (report periods, visit windows,
-- scorecard ranges) are days in this zone, and pages, reports and exports show times in it.
-- Organisations made before it read UTC, which is what every date was formatted in until now.
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
