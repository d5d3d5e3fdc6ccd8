-- Janua schema, version 9: a spent refresh token keeps what a duplicate refresh within the grace
-- window needs. Plain PostgreSQL, no placeholders (see V1). Versions 6 to 8 are other features'
-- migrations.
--
-- successor_hash:   hex SHA-256 of the token this one was rotated to, so that a duplicate can
--                   tell whether the successor has been spent since (then it is reuse).
-- sealed_successor: the successor token, AES-256-GCM under a key derived from the spent token
--                   (HMAC-SHA256 with a fixed label), which the database never holds: only a
--                   holder of the spent token can open it. Never the token in clear.
-- Both stay NULL until the token is spent, and for tokens spent before this version (a duplicate
-- of those within the grace is refused, as before).
ALTER TABLE refresh_tokens
    ADD COLUMN successor_hash   text,
    ADD COLUMN sealed_successor text;
