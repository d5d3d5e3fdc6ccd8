package dev.janua.internal;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a verified access token, as the verifier hands them to the engine (which alone
 * turns them into a {@code Principal}).
 *
 * @param userId         {@code sub}
 * @param sessionId      {@code sid}
 * @param organizationId {@code org}, or {@code null}
 * @param tokenId        {@code jti}
 * @param issuedAt       {@code iat}
 * @param expiresAt      {@code exp}
 */
public record AccessClaims(String userId, String sessionId, @Nullable String organizationId,
    String tokenId, Instant issuedAt, Instant expiresAt) {

  public AccessClaims {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
