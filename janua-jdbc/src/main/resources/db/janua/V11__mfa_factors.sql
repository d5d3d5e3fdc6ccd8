-- Janua schema, version 11: second factors (TOTP) and recovery codes. Plain PostgreSQL, no
-- placeholders (see V1). Version 12 is another feature's migration.

-- One row per factor; today one TOTP factor per user (pending until a right code confirms it).
-- The secret is sealed with the key-encryption key (AES-256-GCM, the factor id as associated
-- data, "v1:" prefix) unless JANUA_ALLOW_PLAINTEXT_KEYS is set for development; it is never the
-- base32 text an authenticator app shows. last_step is the last accepted RFC 6238 time step: an
-- UPDATE ... WHERE last_step < :step is the compare-and-set that makes each code single-use
-- across instances.
CREATE TABLE mfa_factors (
    id            text        PRIMARY KEY,
    user_id       text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          text        NOT NULL,
    secret        text        NOT NULL,
    created_at    timestamptz NOT NULL,
    confirmed_at  timestamptz,
    last_step     bigint      NOT NULL DEFAULT 0,
    CONSTRAINT mfa_factors_user_kind_key UNIQUE (user_id, kind)
);

-- Recovery codes: only the hex SHA-256 of each (high-entropy, random) code. A used code is
-- deleted; regenerating replaces the whole set.
CREATE TABLE mfa_recovery_codes (
    user_id     text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);
