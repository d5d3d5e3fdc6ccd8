package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.Session;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The sessions aggregate: sessions and their refresh tokens. Every operation is atomic on its own. */
public interface SessionStore {

  /**
   * Inserts a session, its first refresh token and the signin audit event, all or none, only if
   * the session's user exists and is enabled, checked in the same atomic step: of a creation and a
   * concurrent {@link UserStore#setEnabled disable}, either the creation comes first (and the
   * disable revokes the session) or the creation writes nothing.
   *
   * @return {@code false} when the user is unknown or disabled (nothing written)
   */
  boolean create(Session session, RefreshTokenRecord firstToken, AuditEvent event);

  /** The session with this id, live or not. */
  Optional<Session> find(String sessionId);

  /**
   * The refresh token stored under this hash, spent or not, expired or not, or empty when the
   * store has none (never issued, or purged). A read only: token revocation (RFC 7009) uses it to
   * find the session to end. The default refuses, so that a store written before this method
   * existed fails loudly instead of silently revoking nothing; every Janua store implements it.
   *
   * @param tokenHash lower-case hex SHA-256 of the token string
   * @throws UnsupportedOperationException when the store does not implement it
   */
  default Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
    throw new UnsupportedOperationException(getClass().getName()
        + " does not implement SessionStore.findRefreshToken, needed to revoke refresh tokens");
  }

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
   * Spends a refresh token and stores its successor in one atomic step; the spent token keeps the
   * rotation's {@link RefreshTokenRotation#sealedSuccessor() sealed successor} and a link to the
   * successor, so that a later {@link RotationOutcome.AlreadySpent} carries both the sealed value
   * and whether the successor has been spent since. The successor's expiry is
   * capped at the session's {@code expiresAt}; the session's {@code lastUsedAt} moves to
   * {@code now}; {@code event} is recorded with its user and session filled in (see
   * {@link AuditEvent#withSubject}). Checks, in this order: unknown, already spent, session ended,
   * expired. Only the {@link RotationOutcome.Rotated} outcome writes anything. Of any number of
   * concurrent calls with the same {@code spentHash}, at most one is {@code Rotated}; when the
   * session is revoked concurrently, either the rotation happened first (and the successor dies
   * with the session) or the answer is {@link RotationOutcome.SessionEnded}.
   */
  RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now, AuditEvent event);

  /**
   * Makes {@code organizationId} the session's active organization and stores one more refresh
   * token of the session (the pair handed out with the switch), with the event, all or none. Every
   * refresh token of the session carries the active organization from then on; deleting the
   * organization clears it. Nothing is written when the session has ended.
   *
   * @param organizationId the organization to make active, or {@code null} to clear it
   * @param token          the new refresh token of the session (its {@code sessionId} names it)
   * @return {@code false} when the session is unknown or not live at {@code now} (nothing written)
   */
  boolean switchOrganization(@Nullable String organizationId, RefreshTokenRecord token,
      Instant now, AuditEvent event);

  /**
   * The session's active organization (see {@link #switchOrganization}), empty when it has none or
   * there is no such session.
   */
  Optional<String> activeOrganization(String sessionId);

  /**
   * Records that the session's user authenticated again (a step-up with a second factor): sets the
   * session's {@link Session#amr() amr} and {@link Session#authTime() authTime}, and stores one
   * more refresh token of the session (the pair handed out with the step-up), with the event, all
   * or none. Every refresh of the session carries the new values from then on. The default refuses,
   * so a store written before this method existed fails loudly; every Janua store implements it.
   *
   * @param token the new refresh token of the session (its {@code sessionId} and {@code userId}
   *     name the session and its owner)
   * @return {@code false} when the session is unknown, not the token user's, or not live at {@code
   *     now} (nothing written)
   * @throws UnsupportedOperationException when the store does not implement it
   */
  default boolean reauthenticate(List<String> amr, Instant authTime, RefreshTokenRecord token,
      Instant now, AuditEvent event) {
    throw new UnsupportedOperationException(getClass().getName()
        + " does not implement SessionStore.reauthenticate, needed for step-up authentication");
  }
}
