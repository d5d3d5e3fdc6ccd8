-- Janua schema, version 7: retention. Plain PostgreSQL, no placeholders (see V1). Versions 6, 8
-- and 9 are other features' migrations.
--
-- The retention purge (JdbcRetention) deletes, in batches of RETENTION_BATCH_SIZE rows picked with
-- "WHERE <column> < cutoff LIMIT n FOR UPDATE SKIP LOCKED", what ended before its cutoff. Each
-- index below lets a batch find its rows by that column without reading the live ones. The audit
-- log's batches use idx_audit_logs_created (V1).
--
-- IF NOT EXISTS: on a large existing database, CREATE INDEX blocks writes to its table while it
-- builds. An operator can create these indexes beforehand with CREATE INDEX CONCURRENTLY under the
-- same names (see docs/operations.md, "Retention"); this migration then finds them in place.

-- Refresh tokens, spent or not, expired before the cutoff.
CREATE INDEX IF NOT EXISTS idx_refresh_tokens_expires ON refresh_tokens (expires_at);

-- Sessions that reached their absolute cap, and sessions revoked, before the cutoff. Neither
-- column changes on a refresh (only last_used_at does), so these indexes cost no refresh anything.
CREATE INDEX IF NOT EXISTS idx_sessions_expires ON sessions (expires_at);
CREATE INDEX IF NOT EXISTS idx_sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- One-time account tokens and invitations expired before the cutoff (used, accepted or revoked
-- ones go once they have expired too).
CREATE INDEX IF NOT EXISTS idx_account_tokens_expires ON account_tokens (expires_at);
CREATE INDEX IF NOT EXISTS idx_invitations_expires ON invitations (expires_at);

-- API tokens expired, or revoked, before the cutoff.
CREATE INDEX IF NOT EXISTS idx_api_tokens_expires ON api_tokens (expires_at);
CREATE INDEX IF NOT EXISTS idx_api_tokens_revoked ON api_tokens (revoked_at) WHERE revoked_at IS NOT NULL;
