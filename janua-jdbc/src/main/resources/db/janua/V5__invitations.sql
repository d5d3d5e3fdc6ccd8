-- Janua schema, version 5: invitations into organizations. Plain PostgreSQL, no placeholders (see
-- V1). Versions 3 and 4 are other features' migrations.

-- One row per invitation sent. Only the SHA-256 of the mailed token is stored. An invitation is
-- pending while accepted_at and revoked_at are NULL and expires_at has not passed (the engine's
-- clock decides, so the query passes the instant). Inviting the same address to the same
-- organization again sets revoked_at on the open invitation in the same transaction (superseded).
CREATE TABLE invitations (
    id              text        PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text        NOT NULL,             -- the invited address, normalized
    role            text        NOT NULL,             -- system role name or custom role name
    invited_by      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash      text        NOT NULL,             -- hex SHA-256 of the mailed token
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    accepted_at     timestamptz,                      -- set once, in the accepting transaction
    accepted_by     text        REFERENCES users (id) ON DELETE SET NULL,
    revoked_at      timestamptz,                      -- revoked by an admin, or superseded
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
);

-- At most one open invitation per organization and address; also serves the pending list of an
-- organization (its leading column).
CREATE UNIQUE INDEX idx_invitations_open ON invitations (organization_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
