-- Janua schema, version 10: disabled means gone. Plain PostgreSQL, no placeholders (see V1).
-- Versions 6 to 9 are other features' migrations.
--
-- From this version on, no session of a disabled user is ever live: disabling revokes the user's
-- sessions in its own transaction, and a session is inserted only while the user's row, locked
-- FOR SHARE, is active. Sessions that an earlier version let a signin create while a disable
-- committed are revoked here once, so that the rule holds for existing rows too.
UPDATE sessions SET revoked_at = now()
 WHERE revoked_at IS NULL
   AND user_id IN (SELECT id FROM users WHERE NOT is_active);
