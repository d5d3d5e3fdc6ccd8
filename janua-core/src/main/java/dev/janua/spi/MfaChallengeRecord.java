package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A second-factor sign-in challenge as the store keeps it: issued when a password sign-in of a user
 * with a second factor succeeded, spent by the one completion that proves the factor. Only the
 * SHA-256 of the challenge is stored.
 *
 * @param challengeHash hex SHA-256 of the challenge string the client holds; unique
 * @param userId        whose sign-in it is
 * @param clientHash    hex SHA-256 of the client (IP address and user agent) that started it: a
 *     completion from another client is refused
 * @param sealedDevice  the device token the client presented at the sign-in, when it was one of
 *     this user's, sealed under a key derived from the challenge (so the completion can hand it
 *     back); {@code null} otherwise
 * @param createdAt     when it was issued
 * @param expiresAt     when it stops working ({@code MFA_CHALLENGE_SECONDS} after issue)
 * @param attempts      how many completion attempts it has had
 */
public record MfaChallengeRecord(String challengeHash, String userId, String clientHash,
    @Nullable String sealedDevice, Instant createdAt, Instant expiresAt, int attempts) {

  /** Checks that no required component is null. */
  public MfaChallengeRecord {
    Objects.requireNonNull(challengeHash, "challengeHash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(clientHash, "clientHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it still works at {@code now}. */
  public boolean usableAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** Never prints the hashes or the sealed device token. */
  @Override
  public String toString() {
    return "MfaChallengeRecord[userId=" + userId + ", expiresAt=" + expiresAt + ", attempts="
        + attempts + "]";
  }
}
