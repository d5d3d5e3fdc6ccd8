package dev.janua.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Known devices: the hashed device tokens issued at successful signins (see {@link
 * DeviceRecord}). Every operation is atomic on its own. A user's devices are also deleted, in the
 * same step, whenever a store operation revokes all of the user's sessions (password change and
 * reset, disabling, deletion, {@link SessionStore#revokeAll}): a device token dies with them.
 */
public interface DeviceStore {
  /** The most devices a user keeps: issuing one more deletes the oldest. */
  int MAX_PER_USER = 20;

  /**
   * Stores a new device and, in the same step, deletes the user's devices expired at {@code now}
   * and, beyond the newest {@link #MAX_PER_USER} (this one included), the oldest: a client that
   * never sends its token back cannot pile up rows.
   *
   * @throws dev.janua.NotFoundException when the user does not exist
   */
  void issue(DeviceRecord device, Instant now);

  /** The device with this token hash, expired or not; empty when unknown or revoked. */
  Optional<DeviceRecord> find(String tokenHash);

  /** Deletes every device of the user; returns how many. */
  int revokeAll(String userId);

  /**
   * Remembers the device with this token hash for the second factor until {@code until}. Returns
   * {@code false}, writing nothing, when there is no such device.
   */
  boolean rememberMfa(String tokenHash, Instant until);

  /**
   * Forgets every device of the user for the second factor (the devices stay known for the
   * per-account throttle); returns how many were remembered.
   */
  int forgetMfa(String userId);
}
