package dev.janua.spi;

import dev.janua.Session;
import java.time.Instant;

/** The one-step answer of {@link SessionStore#rotateRefreshToken}. */
public sealed interface RotationOutcome {

  /**
   * The token was live and is now spent; its successor is stored.
   *
   * @param session   the session, with {@code lastUsedAt} moved to now
   * @param successor the stored successor (its expiry capped at the session's absolute cap)
   */
  record Rotated(Session session, RefreshTokenRecord successor) implements RotationOutcome {}

  /**
   * The token was spent before: either a replay (reuse) or a concurrent duplicate.
   *
   * @param sessionId the token's session
   * @param userId    the session's user
   * @param spentAt   when it was spent
   */
  record AlreadySpent(String sessionId, String userId, Instant spentAt) implements RotationOutcome {}

  /**
   * The token is past its expiry; nothing changed.
   *
   * @param sessionId the token's session
   */
  record Expired(String sessionId) implements RotationOutcome {}

  /**
   * The token's session is revoked or past its absolute cap; nothing changed.
   *
   * @param sessionId the token's session
   */
  record SessionEnded(String sessionId) implements RotationOutcome {}

  /** No token has this hash. */
  record Unknown() implements RotationOutcome {}
}
