package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.Session;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The sessions aggregate: sessions and their refresh tokens. Every operation is atomic on its own. */
public interface SessionStore {

  /** Inserts a session, its first refresh token and the signin audit event, all or none. */
  void create(Session session, RefreshTokenRecord firstToken, AuditEvent event);

  /** The session with this id, live or not. */
  Optional<Session> find(String sessionId);

  /** The user's sessions that are live at {@code now}, newest first. */
  List<Session> live(String userId, Instant now);

  /**
   * Revokes one session and records the event.
   *
   * @return {@code false} when the session is unknown or already revoked (nothing written)
   */
  boolean revoke(String sessionId, Instant now, AuditEvent event);

  /**
   * Revokes every live session of a user and records the event.
   *
   * @return how many sessions were revoked
   */
  int revokeAll(String userId, Instant now, AuditEvent event);

  /**
   * Spends a refresh token and stores its successor in one atomic step. The successor's expiry is
   * capped at the session's {@code expiresAt}; the session's {@code lastUsedAt} moves to
   * {@code now}; {@code event} is recorded with its user and session filled in (see
   * {@link AuditEvent#withSubject}). Checks, in this order: unknown, already spent, session ended,
   * expired. Only the {@link RotationOutcome.Rotated} outcome writes anything. Of any number of
   * concurrent calls with the same {@code spentHash}, at most one is {@code Rotated}; when the
   * session is revoked concurrently, either the rotation happened first (and the successor dies
   * with the session) or the answer is {@link RotationOutcome.SessionEnded}.
   */
  RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now, AuditEvent event);
}
