-- Janua schema, version 13: passkeys (WebAuthn credentials) and their challenges. Plain
-- PostgreSQL, no placeholders (see V1).

-- One row per registered passkey. credential_id is the WebAuthn credential id in base64url
-- (unique across all users: an authenticator answers with it and nothing else in a
-- discoverable sign-in). attested_credential_data holds the AAGUID, the credential id and the
-- COSE public key as the authenticator wrote them at registration: public data, no secret.
-- sign_count is the last accepted signature counter; an UPDATE ... WHERE sign_count < :new (or
-- both 0) is the compare-and-set that refuses a counter that did not go up, across instances.
CREATE TABLE passkeys (
    id                        text        PRIMARY KEY,
    user_id                   text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id             text        NOT NULL,
    attested_credential_data  bytea       NOT NULL,
    sign_count                bigint      NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
    backup_eligible           boolean     NOT NULL,
    backed_up                 boolean     NOT NULL,
    aaguid                    text,
    transports                text[]      NOT NULL DEFAULT '{}',
    name                      text        NOT NULL,
    created_at                timestamptz NOT NULL,
    last_used_at              timestamptz,
    CONSTRAINT passkeys_credential_id_key UNIQUE (credential_id)
);

CREATE INDEX passkeys_user_id_idx ON passkeys (user_id, created_at);

-- Challenges handed out in options and not answered yet: only the hex SHA-256 of each. A
-- DELETE ... RETURNING of one hash consumes it, so each is used once, on one instance. user_id is
-- NULL for a discoverable sign-in (any user may answer); no foreign key, so that a challenge never
-- holds up an account's deletion (it expires within minutes).
CREATE TABLE passkey_challenges (
    challenge_hash  text        PRIMARY KEY,
    purpose         text        NOT NULL,
    user_id         text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);

CREATE INDEX passkey_challenges_expires_at_idx ON passkey_challenges (expires_at);
