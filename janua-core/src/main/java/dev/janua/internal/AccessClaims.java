package dev.janua.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified access token says, before the engine has checked its session. The engine turns
 * it into a {@code Principal} once the session is known to be live; the verifier and its cache
 * never build one.
 *
 * @param userId         the {@code sub} claim
 * @param sessionId      the {@code sid} claim
 * @param organizationId the {@code org} claim, or {@code null}
 * @param tokenId        the {@code jti} claim
 * @param issuedAt       the {@code iat} claim
 * @param expiresAt      the {@code exp} claim
 */
public record AccessClaims(
    String userId,
    String sessionId,
    String organizationId,
    String tokenId,
    Instant issuedAt,
    Instant expiresAt) {

  /**
   * @throws NullPointerException when {@code userId}, {@code sessionId} or {@code expiresAt} is null
   */
  public AccessClaims {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
