package dev.janua.jdbc.internal;

import dev.janua.AuditEvent;
import dev.janua.spi.PasskeyChallenge;
import dev.janua.spi.PasskeyRecord;
import dev.janua.spi.PasskeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Passkeys and their challenges on PostgreSQL ({@code passkeys}, {@code passkey_challenges}). The
 * guarantees are single conditional statements: {@code DELETE ... RETURNING} of one challenge
 * hash, and {@code UPDATE ... WHERE sign_count < :new} for the signature counter.
 */
public final class JdbcPasskeys implements PasskeyStore {
  private static final String COLUMNS = "id, user_id, credential_id, attested_credential_data, "
      + "sign_count, backup_eligible, backed_up, aaguid, transports, name, created_at, "
      + "last_used_at";
  private static final RowMapper<PasskeyRecord> PASSKEY = (rs, ctx) -> new PasskeyRecord(
      rs.getString("id"), rs.getString("user_id"), rs.getString("credential_id"),
      rs.getBytes("attested_credential_data"), rs.getLong("sign_count"),
      rs.getBoolean("backup_eligible"), rs.getBoolean("backed_up"), rs.getString("aaguid"),
      List.of(Rows.strings(rs, "transports")), rs.getString("name"),
      Rows.instant(rs, "created_at"), Rows.instant(rs, "last_used_at"));
  private static final RowMapper<PasskeyChallenge> CHALLENGE = (rs, ctx) -> new PasskeyChallenge(
      rs.getString("challenge_hash"), rs.getString("purpose"), rs.getString("user_id"),
      Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"));
  /** Expired challenges deleted along with each new one: keeps the table at its live size. */
  private static final int PURGE_BATCH = 100;

  private final Db db;

  /** The passkeys of the store that owns {@code db}. */
  public JdbcPasskeys(Db db) {
    this.db = db;
  }

  @Override
  public boolean save(PasskeyRecord p, AuditEvent event) {
    Objects.requireNonNull(p, "passkey");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("passkeys.save", h -> {
      int n = Db.update(h, "passkeys.insert", "INSERT INTO <schema>.passkeys (" + COLUMNS
          + ") VALUES (:id, :userId, :credentialId, :data, :signCount, :be, :bs, :aaguid, "
          + "CAST(:transports AS text[]), :name, :createdAt, :lastUsedAt) ON CONFLICT DO NOTHING")
          .bind("id", p.id()).bind("userId", p.userId()).bind("credentialId", p.credentialId())
          .bind("data", p.attestedCredentialData()).bind("signCount", p.signCount())
          .bind("be", p.backupEligible()).bind("bs", p.backedUp()).bind("aaguid", p.aaguid())
          .bind("transports", p.transports().toArray(new String[0])).bind("name", p.name())
          .bind("createdAt", p.createdAt()).bind("lastUsedAt", p.lastUsedAt())
          .execute();
      if (n == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public Optional<PasskeyRecord> findByCredentialId(String credentialId) {
    Objects.requireNonNull(credentialId, "credentialId");
    return db.withHandle("passkeys.find_by_credential", h -> Db.query(h,
        "passkeys.find_by_credential", "SELECT " + COLUMNS + " FROM <schema>.passkeys "
        + "WHERE credential_id = :credentialId")
        .bind("credentialId", credentialId).map(PASSKEY).findOne());
  }

  @Override
  public List<PasskeyRecord> listByUser(String userId) {
    Objects.requireNonNull(userId, "userId");
    return db.withHandle("passkeys.list_by_user", h -> Db.query(h, "passkeys.list_by_user",
        "SELECT " + COLUMNS + " FROM <schema>.passkeys WHERE user_id = :userId "
        + "ORDER BY created_at, id")
        .bind("userId", userId).map(PASSKEY).list());
  }

  @Override
  public boolean rename(String userId, String passkeyId, String name, AuditEvent event) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("passkeys.rename", h -> {
      int n = Db.update(h, "passkeys.rename", "UPDATE <schema>.passkeys SET name = :name "
          + "WHERE id = :id AND user_id = :userId")
          .bind("name", name).bind("id", passkeyId).bind("userId", userId).execute();
      if (n == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public Deletion delete(String userId, String passkeyId, boolean keepLast, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return db.inTransaction("passkeys.delete", h -> {
      // Locks every passkey row of the user: a concurrent delete of another one waits, then
      // counts what this one left.
      List<String> ids = Db.query(h, "passkeys.lock_user", "SELECT id FROM <schema>.passkeys "
          + "WHERE user_id = :userId ORDER BY id FOR UPDATE")
          .bind("userId", userId).mapTo(String.class).list();
      if (!ids.contains(passkeyId)) {
        return Deletion.NOT_FOUND;
      }
      if (keepLast && ids.size() <= 1) {
        return Deletion.LAST_PASSKEY;
      }
      Db.update(h, "passkeys.delete", "DELETE FROM <schema>.passkeys WHERE id = :id")
          .bind("id", passkeyId).execute();
      JdbcAudit.insert(h, event);
      return Deletion.DELETED;
    });
  }

  @Override
  public boolean recordUse(String passkeyId, long newSignCount, boolean backedUp, Instant at) {
    Objects.requireNonNull(at, "at");
    return db.withHandle("passkeys.record_use", h -> Db.update(h, "passkeys.record_use",
        "UPDATE <schema>.passkeys SET sign_count = :count, backed_up = :bs, last_used_at = :at "
        + "WHERE id = :id AND (sign_count < :count OR (sign_count = 0 AND :count = 0))")
        .bind("count", newSignCount).bind("bs", backedUp).bind("at", at).bind("id", passkeyId)
        .execute() == 1);
  }

  @Override
  public void saveChallenge(PasskeyChallenge c) {
    Objects.requireNonNull(c, "challenge");
    db.withHandle("passkey_challenges.save", h -> {
      Db.update(h, "passkey_challenges.purge", "DELETE FROM <schema>.passkey_challenges WHERE "
          + "challenge_hash IN (SELECT challenge_hash FROM <schema>.passkey_challenges "
          + "WHERE expires_at <= :now LIMIT " + PURGE_BATCH + ")")
          .bind("now", c.createdAt()).execute();
      return Db.update(h, "passkey_challenges.insert", "INSERT INTO <schema>.passkey_challenges "
          + "(challenge_hash, purpose, user_id, created_at, expires_at) "
          + "VALUES (:hash, :purpose, :userId, :createdAt, :expiresAt)")
          .bind("hash", c.hash()).bind("purpose", c.purpose()).bind("userId", c.userId())
          .bind("createdAt", c.createdAt()).bind("expiresAt", c.expiresAt()).execute();
    });
  }

  @Override
  public Optional<PasskeyChallenge> consumeChallenge(String hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    return db.withHandle("passkey_challenges.consume", h -> Db.query(h,
        "passkey_challenges.consume", "DELETE FROM <schema>.passkey_challenges "
        + "WHERE challenge_hash = :hash RETURNING challenge_hash, purpose, user_id, created_at, "
        + "expires_at")
        .bind("hash", hash).map(CHALLENGE).findOne())
        .filter(c -> c.usableAt(now));
  }

  /** Deletes every passkey of the user on {@code h} (account deletion). */
  static void deleteAllOf(Handle h, String userId) {
    Db.update(h, "passkeys.delete_all_of", "DELETE FROM <schema>.passkeys "
        + "WHERE user_id = :userId").bind("userId", userId).execute();
  }
}
