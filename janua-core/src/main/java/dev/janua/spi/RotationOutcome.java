package dev.janua.spi;

import dev.janua.Session;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
   * The token was spent before: either a replay (reuse) or a concurrent duplicate. Nothing changed.
   *
   * @param sessionId       the token's session
   * @param userId          the session's user
   * @param spentAt         when it was spent
   * @param sealedSuccessor the {@link RefreshTokenRotation#sealedSuccessor()} stored when it was
   *                        spent, or {@code null} when that rotation had none
   * @param successorSpent  whether the successor it was rotated to has itself been spent since
   *                        (then a duplicate is too late to share the successor: it is reuse)
   */
  record AlreadySpent(String sessionId, String userId, Instant spentAt,
      @Nullable String sealedSuccessor, boolean successorSpent) implements RotationOutcome {

    /** Spent without a sealed successor, whose successor is not known to be spent. */
    public AlreadySpent(String sessionId, String userId, Instant spentAt) {
      this(sessionId, userId, spentAt, null, false);
    }
  }

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
