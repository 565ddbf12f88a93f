-- Exports page through a client's audits in id order (keyset pagination); without this index
-- each page would sort every audit of the client again.
CREATE INDEX audits_export ON audits (org_id, client_id, id);
