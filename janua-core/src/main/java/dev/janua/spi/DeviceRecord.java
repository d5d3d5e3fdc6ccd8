package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A device that signed in successfully, as the store keeps it: only the SHA-256 of the device
 * token the client holds. A valid device token lets its account's owner past the per-account
 * signin throttle (the password is still checked). Further per-device state (for example "second
 * factor remembered until") joins as a new nullable component and column.
 *
 * @param id        the device's id (never secret; for listings and later per-device state)
 * @param tokenHash hex SHA-256 of the device token; unique
 * @param userId    whose device it is
 * @param createdAt when the token was issued (at a successful signin)
 * @param expiresAt when it stops working ({@code DEVICE_TOKEN_DAYS} after issue)
 * @param mfaRememberedUntil until when a sign-in from this device skips the second factor (the
 *     user asked to remember it when completing one); {@code null} when it does not
 */
public record DeviceRecord(String id, String tokenHash, String userId, Instant createdAt,
    Instant expiresAt, @Nullable Instant mfaRememberedUntil) {

  /** A device that is not remembered for the second factor. */
  public DeviceRecord(String id, String tokenHash, String userId, Instant createdAt,
      Instant expiresAt) {
    this(id, tokenHash, userId, createdAt, expiresAt, null);
  }

  /** Checks that no component is null. */
  public DeviceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether the token still works at {@code now}. */
  public boolean usableAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** Whether a sign-in from it skips the second factor at {@code now}. */
  public boolean mfaRememberedAt(Instant now) {
    return mfaRememberedUntil != null && now.isBefore(mfaRememberedUntil) && usableAt(now);
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "DeviceRecord[id=" + id + ", userId=" + userId + ", expiresAt=" + expiresAt
        + ", mfaRememberedUntil=" + mfaRememberedUntil + "]";
  }
}
