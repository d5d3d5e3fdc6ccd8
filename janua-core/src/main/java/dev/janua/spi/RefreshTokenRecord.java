package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A refresh token as stored: only the SHA-256 of the token, never the token.
 *
 * @param tokenHash lower-case hex SHA-256 of the token string
 * @param sessionId the session (token family) it belongs to
 * @param userId    the session's user
 * @param issuedAt  when it was issued
 * @param expiresAt when it stops being accepted
 */
public record RefreshTokenRecord(
    String tokenHash, String sessionId, String userId, Instant issuedAt, Instant expiresAt) {
  public RefreshTokenRecord {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
