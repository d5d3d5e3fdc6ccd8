package dev.janua;

import java.time.Instant;
import java.util.Objects;

/**
 * The caller proven by a valid access token.
 *
 * @param userId         the {@code sub} claim
 * @param sessionId      the {@code sid} claim; the session was live when this principal was returned
 * @param organizationId the active organization ({@code org} claim), or {@code null}
 * @param tokenId        the {@code jti} claim
 * @param issuedAt       the {@code iat} claim
 * @param expiresAt      the {@code exp} claim
 */
public record Principal(
    String userId,
    String sessionId,
    String organizationId,
    String tokenId,
    Instant issuedAt,
    Instant expiresAt) {

  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
