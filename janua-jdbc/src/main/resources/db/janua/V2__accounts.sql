-- Janua schema, version 2: verified emails and one-time account tokens (password reset, email
-- verification, email change). Plain PostgreSQL, no placeholders (see V1).

-- When the user's current email was verified; NULL while it is not. An email change clears it
-- together with the switch of the address.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

-- One-time tokens mailed to a user. Only the SHA-256 of a token is stored. A token is used at most
-- once (used_at set in the same statement that checks it is NULL); issuing a new token of a purpose
-- deletes the user's unused ones of that purpose, so a newer link supersedes older ones.
-- V1's password_resets table stays unused (kept so that V1 databases are unchanged).
CREATE TABLE account_tokens (
    token_hash text        NOT NULL,                  -- hex SHA-256 of the mailed token
    purpose    text        NOT NULL CHECK (purpose IN ('PASSWORD_RESET', 'EMAIL_VERIFICATION', 'EMAIL_CHANGE')),
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      text        NOT NULL,                  -- where it was sent: the new address for EMAIL_CHANGE
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,                           -- NULL until used
    CONSTRAINT account_tokens_pkey PRIMARY KEY (token_hash)
);

-- A user's unused tokens of one purpose: superseding on issue, erasing on account deletion.
CREATE INDEX idx_account_tokens_user_unused ON account_tokens (user_id, purpose) WHERE used_at IS NULL;
