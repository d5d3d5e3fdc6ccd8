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
 * unique partial index allows one active key; rotations lock the table so they queue up.
 */
public final class JdbcSigningKeys implements SigningKeyStore {
  private static final String INSERT = "INSERT INTO <schema>.signing_keys (" + SIGNING_KEY_COLUMNS
      + ") VALUES (:kid, :algorithm, :privateKeyDer, :publicKeyDer, :createdAt, NULL)";

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
        .bind("createdAt", k.createdAt())
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
      Db.update(h, "signing_keys.retire",
          "UPDATE <schema>.signing_keys SET retired_at = :now WHERE retired_at IS NULL")
          .bind("now", now).execute();
      return insertActive(h, next, false);
    });
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
