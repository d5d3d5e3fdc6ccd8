-- Staged key rotation: a key is pending (published in the JWKS, not signing) until activates_at,
-- active until retired_at, then verifies until every token it signed has expired and is deleted.
-- retired_at may lie in the future: the instant the pending successor takes over.
--
-- Existing rows keep their state: a key signed from its creation, so activates_at = created_at;
-- the active key (retired_at NULL) stays active, retired keys stay retired.
ALTER TABLE signing_keys ADD COLUMN activates_at timestamptz;
UPDATE signing_keys SET activates_at = created_at;
ALTER TABLE signing_keys ALTER COLUMN activates_at SET NOT NULL;

-- The schedule deletes retired keys by age.
CREATE INDEX idx_signing_keys_retired ON signing_keys (retired_at) WHERE retired_at IS NOT NULL;
