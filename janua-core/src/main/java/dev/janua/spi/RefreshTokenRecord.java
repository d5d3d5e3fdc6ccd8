package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A refresh token as stored: only the SHA-256 of the token, never the token.
 *
 * @param tokenHash       lower-case hex SHA-256 of the token string
 * @param sessionId       the session (token family) it belongs to
 * @param userId          the session's user
 * @param issuedAt        when it was issued
 * @param expiresAt       when it stops being accepted
 * @param sealedSuccessor once spent, its successor encrypted under a key only the holder of this
 *                        token can derive (see {@link RefreshTokenRotation#sealedSuccessor()}), so
 *                        a duplicate refresh within the grace window gets the same successor;
 *                        {@code null} while unspent, or when spent without one
 */
public record RefreshTokenRecord(String tokenHash, String sessionId, String userId,
    Instant issuedAt, Instant expiresAt, @Nullable String sealedSuccessor) {
  public RefreshTokenRecord {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A token without a sealed successor (every token until it is spent). */
  public RefreshTokenRecord(String tokenHash, String sessionId, String userId, Instant issuedAt,
      Instant expiresAt) {
    this(tokenHash, sessionId, userId, issuedAt, expiresAt, null);
  }

  /** This record with the sealed successor it got when it was spent. */
  public RefreshTokenRecord withSealedSuccessor(@Nullable String sealed) {
    return new RefreshTokenRecord(tokenHash, sessionId, userId, issuedAt, expiresAt, sealed);
  }
}
