-- Corrective actions on failed items of approved audits.
CREATE TABLE corrective_actions (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    location_id        TEXT NOT NULL REFERENCES locations(id),
    audit_id           TEXT NOT NULL REFERENCES audits(id),
    item_id            TEXT NOT NULL,
    item_label         TEXT NOT NULL,
    assignee_id        TEXT NOT NULL REFERENCES users(id),
    due                BIGINT NOT NULL,
    note               TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('open', 'done', 'verified')),
    resolution         TEXT NOT NULL,
    resolution_photos  TEXT NOT NULL,
    created_by         TEXT NOT NULL REFERENCES users(id),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX corrective_actions_location ON corrective_actions (org_id, client_id, location_id, status, due);
