package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A one-time token mailed to a user, as the store keeps it: only the SHA-256 of the secret.
 *
 * @param tokenHash hex SHA-256 of the secret in the link; unique
 * @param purpose   what it is for
 * @param userId    whose it is
 * @param email     the normalized address it was sent to (the new address for {@link
 *                  AccountTokenPurpose#EMAIL_CHANGE})
 * @param createdAt when it was issued
 * @param expiresAt when it stops working
 * @param usedAt    when it was used, {@code null} while it is not
 */
public record AccountToken(String tokenHash, AccountTokenPurpose purpose, String userId,
    String email, Instant createdAt, Instant expiresAt, @Nullable Instant usedAt) {

  /** Checks that no component but {@code usedAt} is null. */
  public AccountToken {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it can still be used at {@code now}: unused and not expired. */
  public boolean usableAt(Instant now) {
    return usedAt == null && now.isBefore(expiresAt);
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "AccountToken[purpose=" + purpose + ", userId=" + userId + ", expiresAt=" + expiresAt
        + ", used=" + (usedAt != null) + "]";
  }
}
