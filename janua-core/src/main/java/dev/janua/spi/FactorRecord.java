package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A second factor as the store keeps it. Today only {@link #TOTP} factors exist (one per user);
 * the kind column leaves room for others. The secret is stored as the engine hands it over: sealed
 * under the key-encryption key with the factor id as associated data (or plaintext in development
 * only), never in the base32 form an authenticator app shows.
 *
 * @param id          the factor's id; the associated data of its sealed secret
 * @param userId      whose factor it is
 * @param kind        {@value #TOTP}
 * @param secret      the sealed secret
 * @param createdAt   when enrollment began
 * @param confirmedAt when the first right code activated it; {@code null} while pending
 * @param lastStep    the last accepted TOTP time step (unix seconds / 30); a code of this step or
 *     an earlier one is refused, so each code works once, on one instance only
 */
public record FactorRecord(String id, String userId, String kind, String secret,
    Instant createdAt, @Nullable Instant confirmedAt, long lastStep) {
  /** The kind of an authenticator-app (RFC 6238) factor. */
  public static final String TOTP = "totp";

  /** Checks that no required component is null. */
  public FactorRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether a right code has confirmed it. */
  public boolean active() {
    return confirmedAt != null;
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "FactorRecord[id=" + id + ", userId=" + userId + ", kind=" + kind + ", active="
        + active() + ", lastStep=" + lastStep + "]";
  }
}
