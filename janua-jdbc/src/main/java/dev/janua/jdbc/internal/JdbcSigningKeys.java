package dev.janua.jdbc.internal;

import static dev.janua.jdbc.internal.Rows.SIGNING_KEY;
import static dev.janua.jdbc.internal.Rows.SIGNING_KEY_COLUMNS;

import dev.janua.ConflictException;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.StoredSigningKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Signing keys on PostgreSQL ({@code signing_keys}), shared by every instance on the database. A
 * unique partial index allows one newest key ({@code retired_at IS NULL}: the active key, or the
 * pending key that succeeds it); emergency rotations lock the table so they queue up; a staged
 * rotation is a compare-and-set on the newest row.
 */
public final class JdbcSigningKeys implements SigningKeyStore {
  private static final String INSERT = "INSERT INTO <schema>.signing_keys (" + SIGNING_KEY_COLUMNS
      + ") VALUES (:kid, :algorithm, :privateKeyDer, :publicKeyDer, :createdAt, NULL, :activatesAt)";

  private final Db db;

  /** The signing keys of the store that owns {@code db}. */
  public JdbcSigningKeys(Db db) {
    this.db = db;
  }

  private static Optional<StoredSigningKey> active(Handle h) {
    return Db.query(h, "signing_keys.active", "SELECT " + SIGNING_KEY_COLUMNS
        + " FROM <schema>.signing_keys WHERE retired_at IS NULL").map(SIGNING_KEY).findOne();
  }

  private static int insertActive(Handle h, StoredSigningKey k, boolean ifNoneActive) {
    String sql = ifNoneActive ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
    return Db.update(h, "signing_keys.insert", sql)
        .bind("kid", k.kid()).bind("algorithm", k.algorithm())
        .bind("privateKeyDer", k.privateKeyDer()).bind("publicKeyDer", k.publicKeyDer())
        .bind("createdAt", k.createdAt()).bind("activatesAt", k.activatesAt())
        .execute();
  }

  @Override
  public StoredSigningKey activeKey(StoredSigningKey candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return db.withHandle("signingKeys.activeKey", h -> {
      Optional<StoredSigningKey> current = active(h);
      if (current.isPresent()) {
        return current.get();
      }
      // The unique index on the active key lets one of several starting instances insert; the
      // others' inserts do nothing once it commits, and they read its key.
      insertActive(h, candidate, true);
      return active(h).orElseThrow(() -> new ConflictException("kid",
          "A retired signing key already has this kid"));
    });
  }

  @Override
  public List<StoredSigningKey> all() {
    return db.withHandle("signingKeys.all", h -> Db.query(h, "signing_keys.all", "SELECT "
        + SIGNING_KEY_COLUMNS + " FROM <schema>.signing_keys ORDER BY created_at DESC, seq DESC")
        .map(SIGNING_KEY).list());
  }

  @Override
  public void rotate(StoredSigningKey next, Instant now) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(now, "now");
    db.inTransaction("signingKeys.rotate", h -> {
      // Rotations queue up behind each other, each retiring the key the previous one made.
      Db.update(h, "signing_keys.lock",
          "LOCK TABLE <schema>.signing_keys IN SHARE ROW EXCLUSIVE MODE").execute();
      // The active key, and a pending one, stop now (a future retired_at is brought forward).
      Db.update(h, "signing_keys.retire", "UPDATE <schema>.signing_keys SET retired_at = :now "
          + "WHERE retired_at IS NULL OR retired_at > :now")
          .bind("now", now).execute();
      return insertActive(h, next, false);
    });
  }

  @Override
  public boolean stageRotation(String expectedNewestKid, StoredSigningKey next) {
    Objects.requireNonNull(expectedNewestKid, "expectedNewestKid");
    Objects.requireNonNull(next, "next");
    return db.inTransaction("signingKeys.stageRotation", h -> {
      // Compare-and-set on the newest row: a concurrent stager waits for this row lock, then finds
      // retired_at set and changes nothing. The unique index on the newest key backs it up.
      int retired = Db.update(h, "signing_keys.schedule_retirement", "UPDATE <schema>.signing_keys"
          + " SET retired_at = :activatesAt WHERE kid = :kid AND retired_at IS NULL")
          .bind("activatesAt", next.activatesAt()).bind("kid", expectedNewestKid).execute();
      if (retired != 1) {
        return false;
      }
      insertActive(h, next, false);
      return true;
    });
  }

  @Override
  public int deleteRetiredBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    return db.withHandle("signingKeys.deleteRetiredBefore", h -> Db.update(h,
        "signing_keys.delete_retired", "DELETE FROM <schema>.signing_keys WHERE retired_at < :cutoff")
        .bind("cutoff", cutoff).execute());
  }

  @Override
  public boolean delete(String kid) {
    Objects.requireNonNull(kid, "kid");
    return db.withHandle("signingKeys.delete", h -> Db.update(h, "signing_keys.delete",
        "DELETE FROM <schema>.signing_keys WHERE kid = :kid AND retired_at IS NOT NULL")
        .bind("kid", kid).execute() == 1);
  }

  @Override
  public boolean replacePrivateKey(String kid, String expected, String replacement) {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    // Compare-and-set in one statement: of instances migrating at once, one changes the row.
    return db.withHandle("signingKeys.replacePrivateKey", h -> Db.update(h,
        "signing_keys.replace_private_key", "UPDATE <schema>.signing_keys SET private_key_der = "
            + ":replacement WHERE kid = :kid AND private_key_der = :expected")
        .bind("replacement", replacement).bind("kid", kid).bind("expected", expected)
        .execute() == 1);
  }
}
