-- Janua schema, version 1.
--
-- Plain PostgreSQL (11 or later), no placeholders: JdbcStore runs it through Flyway with the
-- target schema as the search_path and records it in the history table janua_schema_history.
-- A host that runs migrations with its own tool instead sets search_path to the Janua schema,
-- runs this file once, and builds JdbcStore with migrate(false).
--
-- Identifiers are text (UUID strings from the engine). Times are timestamptz, which keeps
-- microseconds: the engine hands the store instants truncated to microseconds.
-- The indexes follow the performance tuning guide, adapted where it is wrong (see docs/jdbc.md).

-- ---- users ------------------------------------------------------------------------------------

CREATE TABLE users (
    id            text        PRIMARY KEY,
    email         text        NOT NULL,               -- normalized: trimmed, lower-case
    name          text,
    password_hash text        NOT NULL,               -- bcrypt, modular crypt format
    is_active     boolean     NOT NULL DEFAULT true,  -- may sign in
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- The guide's idx_users_email_lower, made UNIQUE: it is both the email lookup and the rule that
-- one address has one account, whatever its case.
CREATE UNIQUE INDEX idx_users_email_lower ON users (LOWER(email));

-- ---- sessions and refresh tokens ----------------------------------------------------------------

CREATE TABLE sessions (
    id           text        PRIMARY KEY,             -- the sid claim of access tokens
    user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip_address   text,
    user_agent   text,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,                -- absolute cap
    revoked_at   timestamptz                          -- NULL while active
);

-- Live sessions of a user (listing, revoke-all): the guide's "WHERE is_active = true" becomes
-- "WHERE revoked_at IS NULL"; the absolute cap is checked in the query (NOW() is not allowed in
-- an index predicate).
CREATE INDEX idx_sessions_user_active ON sessions (user_id, created_at DESC) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash text        NOT NULL,                  -- hex SHA-256 of the token, never the token
    session_id text        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    text        NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz,                           -- NULL until rotated
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (token_hash)
);

-- The guide's idx_sessions_token_active: the token a client presents is looked up among the
-- unspent ones. The primary key still finds spent tokens, which reuse detection needs.
CREATE INDEX idx_refresh_tokens_hash_unspent ON refresh_tokens (token_hash) WHERE spent_at IS NULL;
CREATE INDEX idx_refresh_tokens_session ON refresh_tokens (session_id);

-- ---- organizations, members, roles ----------------------------------------------------------------

CREATE TABLE organizations (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    slug       text        NOT NULL,
    owner_id   text        NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    CONSTRAINT organizations_slug_key UNIQUE (slug)
);

CREATE TABLE organization_members (
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text        NOT NULL,             -- system role name or custom role name
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    joined_at       timestamptz NOT NULL,
    CONSTRAINT organization_members_pkey PRIMARY KEY (organization_id, user_id)
);

-- The guide's idx_org_members_user_org: a user's memberships (the primary key serves the
-- organization's member list).
CREATE INDEX idx_org_members_user_org ON organization_members (user_id, organization_id);

CREATE TABLE roles (
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    permissions     text[]      NOT NULL,             -- resource:action, either may be *
    created_at      timestamptz NOT NULL,
    CONSTRAINT roles_pkey PRIMARY KEY (organization_id, name)
);

-- ---- API tokens and password resets ---------------------------------------------------------------

CREATE TABLE api_tokens (
    id              text        PRIMARY KEY,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id text        REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    token_hash      text        NOT NULL,             -- hex SHA-256 of the token
    scopes          text[]      NOT NULL DEFAULT '{}',
    is_active       boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz,                      -- NULL: does not expire
    last_used_at    timestamptz
);

-- The guide's idx_api_tokens_hash_active WITHOUT its "AND expires_at > NOW()": PostgreSQL refuses
-- a non-immutable function in an index predicate (ERROR: functions in index predicate must be
-- marked IMMUTABLE), and an index cannot follow the clock anyway. Lookups check expiry in the
-- query: WHERE token_hash = ? AND is_active AND (expires_at IS NULL OR expires_at > now()).
CREATE UNIQUE INDEX idx_api_tokens_hash_active ON api_tokens (token_hash) WHERE is_active;
CREATE INDEX idx_api_tokens_user ON api_tokens (user_id);

CREATE TABLE password_resets (
    id         text        PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text        NOT NULL,                  -- hex SHA-256 of the emailed token
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz                            -- NULL until used
);

CREATE UNIQUE INDEX idx_password_resets_hash_unused ON password_resets (token_hash) WHERE used_at IS NULL;
CREATE INDEX idx_password_resets_user ON password_resets (user_id);

-- ---- audit log ------------------------------------------------------------------------------------

CREATE TABLE audit_logs (
    id              text        PRIMARY KEY,
    seq             bigserial   NOT NULL,             -- recording order: breaks ties in created_at
    event_type      text        NOT NULL,             -- AuditEventType code, e.g. signin_failed
    user_id         text,                             -- no foreign keys: the log outlives its subjects
    session_id      text,
    organization_id text,
    ip_address      text,
    user_agent      text,
    details         jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL
);

-- The guide's idx_audit_logs_created, with the tie-breaker so "newest first" reads the index in
-- order; and the same order per user and per organization.
CREATE INDEX idx_audit_logs_created ON audit_logs (created_at DESC, seq DESC);
CREATE INDEX idx_audit_logs_user ON audit_logs (user_id, created_at DESC, seq DESC) WHERE user_id IS NOT NULL;
CREATE INDEX idx_audit_logs_organization ON audit_logs (organization_id, created_at DESC, seq DESC)
    WHERE organization_id IS NOT NULL;

-- ---- signing keys -----------------------------------------------------------------------------------

CREATE TABLE signing_keys (
    kid             text        PRIMARY KEY,
    seq             bigserial   NOT NULL,             -- creation order: newest first on equal times
    algorithm       text        NOT NULL,
    private_key_der text        NOT NULL,             -- base64 PKCS#8: secret, restrict who reads this table
    public_key_der  text        NOT NULL,
    created_at      timestamptz NOT NULL,
    retired_at      timestamptz                       -- NULL: the active key
);

-- At most one active key: instances starting at once all end up with the same one.
CREATE UNIQUE INDEX idx_signing_keys_one_active ON signing_keys ((true)) WHERE retired_at IS NULL;
