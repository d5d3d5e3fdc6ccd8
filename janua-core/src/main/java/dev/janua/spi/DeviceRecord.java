package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;

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
 */
public record DeviceRecord(String id, String tokenHash, String userId, Instant createdAt,
    Instant expiresAt) {

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

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "DeviceRecord[id=" + id + ", userId=" + userId + ", expiresAt=" + expiresAt + "]";
  }
}
