-- Janua schema, version 12: sign-in with a second factor. Plain PostgreSQL, no placeholders (see
-- V1).

-- How the user last authenticated in a session (RFC 8176 amr values, space-separated, e.g.
-- "pwd otp mfa") and when: set at sign-in, replaced by a step-up, carried by every refresh. NULL
-- in rows written before this version: read as no amr and the session's created_at. Adding
-- nullable columns without a default rewrites no rows.
ALTER TABLE sessions ADD COLUMN amr text;
ALTER TABLE sessions ADD COLUMN auth_time timestamptz;

-- Until when a sign-in from this device skips the second factor (the user asked to remember it
-- when completing one). NULL: not remembered.
ALTER TABLE devices ADD COLUMN mfa_remembered_until timestamptz;

-- Second-factor sign-in challenges: only the SHA-256 of the challenge, bound to a SHA-256 of the
-- client (IP address and user agent) that started it. attempts is counted with a conditional
-- UPDATE (attempts < max) so racing guesses cannot exceed the limit; completing is one DELETE.
-- sealed_device: the device token presented at the sign-in, sealed under a key derived from the
-- challenge. A user's expired challenges are deleted when a new one is saved.
CREATE TABLE mfa_challenges (
    challenge_hash  text        PRIMARY KEY,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_hash     text        NOT NULL,
    sealed_device   text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0
);

CREATE INDEX idx_mfa_challenges_user ON mfa_challenges (user_id);
