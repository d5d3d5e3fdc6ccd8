-- API tokens (docs/api-tokens.md): each acts within one organization with a subset of its owner's
-- permissions there, shows a short non-secret prefix in lists, and keeps the time it was revoked.
-- Janua writes organization_id and expires_at on every token; the columns stay nullable because
-- V1 allowed NULL and a host may have rows of its own.

ALTER TABLE api_tokens RENAME COLUMN scopes TO permissions;
ALTER TABLE api_tokens ADD COLUMN display_prefix text NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN revoked_at timestamptz;             -- NULL until revoked

-- A revoked token keeps its row (is_active = false, revoked_at set): authentication reads by hash
-- through idx_api_tokens_hash_active, so a revoked token is never found there.
