-- Janua schema, version 8: known devices for the per-account signin throttle. Plain PostgreSQL, no
-- placeholders (see V1). Versions 6, 7 and 9 are other features' migrations.

-- One row per device token issued at a successful signin. Only the SHA-256 of the token is
-- stored. A row is deleted with the user's sessions (password change and reset, disabling,
-- deletion, signing out everywhere) and, once expired, when the user gets a new device. Later
-- per-device state (e.g. "second factor remembered until") joins as nullable columns.
CREATE TABLE devices (
    id          text        PRIMARY KEY,
    token_hash  text        NOT NULL,             -- hex SHA-256 of the device token
    user_id     text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    CONSTRAINT devices_token_hash_key UNIQUE (token_hash)
);

-- A user's devices: revoking them all, deleting the expired ones.
CREATE INDEX idx_devices_user ON devices (user_id);
