-- Shoppers' pay (postgres dialect; keep in step with ../sqlite): bonus and deduction lines, and
-- closed pay periods whose payable lines are frozen into a ledger.

-- A bonus (positive) or deduction (negative) on a job's pay, with its reason.
CREATE TABLE pay_adjustments (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    job_id        TEXT NOT NULL REFERENCES panel_jobs(id),
    amount_minor  BIGINT NOT NULL,
    currency      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX pay_adjustments_job ON pay_adjustments (org_id, job_id);

-- A closed pay period: its days in the organisation's time zone and the instants they span.
-- One per organisation and period, so closing it twice (or twice at once) makes one ledger.
CREATE TABLE pay_ledgers (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    time_zone    TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    closed_by    TEXT NOT NULL REFERENCES users(id),
    closed_at    BIGINT NOT NULL,
    UNIQUE (org_id, period_from, period_to)
);

-- A payable line as it was when its period closed; a job is paid in one ledger only.
CREATE TABLE pay_ledger_lines (
    job_id               TEXT PRIMARY KEY REFERENCES panel_jobs(id),
    ledger_id            TEXT NOT NULL REFERENCES pay_ledgers(id),
    org_id               TEXT NOT NULL REFERENCES organisations(id),
    shopper_id           TEXT NOT NULL REFERENCES users(id),
    shopper_name         TEXT NOT NULL,
    location_name        TEXT NOT NULL,
    approved_at          BIGINT NOT NULL,
    fee_minor            BIGINT NOT NULL,
    reimbursement_minor  BIGINT NOT NULL,
    adjustment_minor     BIGINT NOT NULL,
    total_minor          BIGINT NOT NULL,
    currency             TEXT NOT NULL
);
CREATE INDEX pay_ledger_lines_ledger ON pay_ledger_lines (ledger_id, shopper_name);
