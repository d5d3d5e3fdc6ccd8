package dev.janua.jdbc.internal;

import dev.janua.spi.DeviceRecord;
import dev.janua.spi.DeviceStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Known devices on PostgreSQL ({@code devices}). The sessions aggregate deletes a user's devices
 * with {@link #deleteAllOf} in the transaction that revokes all of the user's sessions.
 */
public final class JdbcDevices implements DeviceStore {
  private static final String COLUMNS =
      "id, token_hash, user_id, created_at, expires_at, mfa_remembered_until";
  private static final RowMapper<DeviceRecord> DEVICE = (rs, ctx) -> new DeviceRecord(
      rs.getString("id"), rs.getString("token_hash"), rs.getString("user_id"),
      Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"),
      Rows.instant(rs, "mfa_remembered_until"));

  private final Db db;

  /** The devices of the store that owns {@code db}. */
  public JdbcDevices(Db db) {
    this.db = db;
  }

  @Override
  public void issue(DeviceRecord device, Instant now) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(now, "now");
    db.inTransaction("devices.issue", h -> {
      Db.update(h, "devices.delete_expired", "DELETE FROM <schema>.devices "
          + "WHERE user_id = :userId AND expires_at <= :now")
          .bind("userId", device.userId()).bind("now", now).execute();
      Db.update(h, "devices.insert", "INSERT INTO <schema>.devices (" + COLUMNS
          + ") VALUES (:id, :hash, :userId, :createdAt, :expiresAt, :remembered)")
          .bind("id", device.id()).bind("hash", device.tokenHash())
          .bind("userId", device.userId()).bind("createdAt", device.createdAt())
          .bind("expiresAt", device.expiresAt())
          .bind("remembered", device.mfaRememberedUntil())
          .execute();
      Db.update(h, "devices.delete_oldest", "DELETE FROM <schema>.devices WHERE id IN ("
          + "SELECT id FROM <schema>.devices WHERE user_id = :userId "
          + "ORDER BY created_at DESC, id DESC OFFSET :keep)")
          .bind("userId", device.userId()).bind("keep", MAX_PER_USER).execute();
      return null;
    });
  }

  @Override
  public Optional<DeviceRecord> find(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return db.withHandle("devices.find", h -> Db.query(h, "devices.find",
        "SELECT " + COLUMNS + " FROM <schema>.devices WHERE token_hash = :hash")
        .bind("hash", tokenHash).map(DEVICE).findOne());
  }

  @Override
  public int revokeAll(String userId) {
    Objects.requireNonNull(userId, "userId");
    return db.withHandle("devices.revoke_all", h -> deleteAllOf(h, userId));
  }

  @Override
  public boolean rememberMfa(String tokenHash, Instant until) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(until, "until");
    return db.withHandle("devices.remember_mfa", h -> Db.update(h, "devices.remember_mfa",
        "UPDATE <schema>.devices SET mfa_remembered_until = :until WHERE token_hash = :hash")
        .bind("until", until).bind("hash", tokenHash).execute() == 1);
  }

  @Override
  public int forgetMfa(String userId) {
    Objects.requireNonNull(userId, "userId");
    return db.withHandle("devices.forget_mfa", h -> Db.update(h, "devices.forget_mfa",
        "UPDATE <schema>.devices SET mfa_remembered_until = NULL WHERE user_id = :userId "
            + "AND mfa_remembered_until IS NOT NULL")
        .bind("userId", userId).execute());
  }

  /** Deletes every device of the user on {@code h}; returns how many. */
  static int deleteAllOf(Handle h, String userId) {
    return Db.update(h, "devices.delete_all_of", "DELETE FROM <schema>.devices "
        + "WHERE user_id = :userId").bind("userId", userId).execute();
  }
}
