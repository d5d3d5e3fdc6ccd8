-- Janua schema, version 4: organizations people can run.
--
-- A session remembers its active organization (switchOrganization): every refresh re-checks the
-- membership there. Deleting the organization clears it, so no session points at a deleted one.
ALTER TABLE sessions
    ADD COLUMN active_organization_id text REFERENCES organizations (id) ON DELETE SET NULL;

-- The foreign key's ON DELETE SET NULL looks sessions up by organization: without this index every
-- organization deletion would scan the sessions table.
CREATE INDEX idx_sessions_active_organization ON sessions (active_organization_id)
    WHERE active_organization_id IS NOT NULL;

-- The guide's P2 endpoint, GET /organizations/:id/members, pages in the member order: oldest
-- membership first, then user id in code-unit order. Keyset pagination reads this index in order
-- from the cursor on, whatever the page number.
CREATE INDEX idx_org_members_org_joined
    ON organization_members (organization_id, joined_at, user_id COLLATE "C");
