package dev.janua.jdbc.internal;

import dev.janua.AuditEvent;
import dev.janua.spi.FactorRecord;
import dev.janua.spi.FactorStore;
import dev.janua.spi.MfaChallengeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Second factors and recovery codes on PostgreSQL ({@code mfa_factors}, {@code
 * mfa_recovery_codes}). The single-use guarantees are single conditional statements: {@code UPDATE
 * ... WHERE last_step < :step} and {@code DELETE ... RETURNING} of one code hash.
 */
public final class JdbcFactors implements FactorStore {
  private static final String COLUMNS =
      "id, user_id, kind, secret, created_at, confirmed_at, last_step";
  private static final RowMapper<FactorRecord> FACTOR = (rs, ctx) -> new FactorRecord(
      rs.getString("id"), rs.getString("user_id"), rs.getString("kind"), rs.getString("secret"),
      Rows.instant(rs, "created_at"), Rows.instant(rs, "confirmed_at"), rs.getLong("last_step"));

  private final Db db;

  /** The factors of the store that owns {@code db}. */
  public JdbcFactors(Db db) {
    this.db = db;
  }

  @Override
  public boolean savePending(FactorRecord pending, AuditEvent event) {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("mfa_factors.save_pending", h -> {
      Db.update(h, "mfa_factors.delete_pending", "DELETE FROM <schema>.mfa_factors "
          + "WHERE user_id = :userId AND kind = :kind AND confirmed_at IS NULL")
          .bind("userId", pending.userId()).bind("kind", pending.kind()).execute();
      int n = Db.update(h, "mfa_factors.insert", "INSERT INTO <schema>.mfa_factors (" + COLUMNS
          + ") VALUES (:id, :userId, :kind, :secret, :createdAt, NULL, :lastStep) "
          + "ON CONFLICT (user_id, kind) DO NOTHING")
          .bind("id", pending.id()).bind("userId", pending.userId())
          .bind("kind", pending.kind()).bind("secret", pending.secret())
          .bind("createdAt", pending.createdAt()).bind("lastStep", pending.lastStep())
          .execute();
      if (n == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public Optional<FactorRecord> find(String userId, String kind) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    return db.withHandle("mfa_factors.find", h -> Db.query(h, "mfa_factors.find",
        "SELECT " + COLUMNS + " FROM <schema>.mfa_factors WHERE user_id = :userId AND kind = :kind")
        .bind("userId", userId).bind("kind", kind).map(FACTOR).findOne());
  }

  @Override
  public boolean confirm(String factorId, long step, Instant at, List<String> recoveryCodeHashes,
      AuditEvent event) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(event, "event");
    List<String> hashes = List.copyOf(recoveryCodeHashes);
    return db.inTransaction("mfa_factors.confirm", h -> {
      Optional<String> userId = Db.query(h, "mfa_factors.confirm", "UPDATE <schema>.mfa_factors "
          + "SET confirmed_at = :at, last_step = :step WHERE id = :id "
          + "AND confirmed_at IS NULL AND last_step < :step RETURNING user_id")
          .bind("at", at).bind("step", step).bind("id", factorId)
          .mapTo(String.class).findOne();
      if (userId.isEmpty()) {
        return false;
      }
      replace(h, userId.get(), hashes, at);
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public boolean acceptStep(String factorId, long step) {
    return db.withHandle("mfa_factors.accept_step", h -> Db.update(h, "mfa_factors.accept_step",
        "UPDATE <schema>.mfa_factors SET last_step = :step WHERE id = :id "
        + "AND confirmed_at IS NOT NULL AND last_step < :step")
        .bind("step", step).bind("id", factorId).execute() == 1);
  }

  @Override
  public boolean useRecoveryCode(String userId, String codeHash, Instant at, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return db.inTransaction("mfa_recovery_codes.use", h -> {
      int n = Db.update(h, "mfa_recovery_codes.use", "DELETE FROM <schema>.mfa_recovery_codes "
          + "WHERE user_id = :userId AND code_hash = :hash")
          .bind("userId", userId).bind("hash", codeHash).execute();
      if (n == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public int remainingRecoveryCodes(String userId) {
    return db.withHandle("mfa_recovery_codes.count", h -> Db.query(h, "mfa_recovery_codes.count",
        "SELECT count(*) FROM <schema>.mfa_recovery_codes WHERE user_id = :userId")
        .bind("userId", userId).mapTo(Integer.class).one());
  }

  @Override
  public boolean replaceRecoveryCodes(String userId, List<String> codeHashes, Instant at,
      AuditEvent event) {
    Objects.requireNonNull(event, "event");
    List<String> hashes = List.copyOf(codeHashes);
    return db.inTransaction("mfa_recovery_codes.replace", h -> {
      // Locks the active factor row: a concurrent disable or regenerate waits for this one.
      boolean active = Db.query(h, "mfa_factors.lock_active", "SELECT id FROM "
          + "<schema>.mfa_factors WHERE user_id = :userId AND confirmed_at IS NOT NULL FOR UPDATE")
          .bind("userId", userId).mapTo(String.class).findFirst().isPresent();
      if (!active) {
        return false;
      }
      replace(h, userId, hashes, at);
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  private static void replace(Handle h, String userId, List<String> hashes, Instant at) {
    Db.update(h, "mfa_recovery_codes.delete_all", "DELETE FROM <schema>.mfa_recovery_codes "
        + "WHERE user_id = :userId").bind("userId", userId).execute();
    for (String hash : hashes) {
      Db.update(h, "mfa_recovery_codes.insert", "INSERT INTO <schema>.mfa_recovery_codes "
          + "(user_id, code_hash, created_at) VALUES (:userId, :hash, :at)")
          .bind("userId", userId).bind("hash", hash).bind("at", at).execute();
    }
  }

  @Override
  public boolean delete(String factorId, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return db.inTransaction("mfa_factors.delete", h -> {
      Optional<String> userId = Db.query(h, "mfa_factors.delete", "DELETE FROM "
          + "<schema>.mfa_factors WHERE id = :id RETURNING user_id")
          .bind("id", factorId).mapTo(String.class).findOne();
      if (userId.isEmpty()) {
        return false;
      }
      Db.update(h, "mfa_recovery_codes.delete_all", "DELETE FROM <schema>.mfa_recovery_codes "
          + "WHERE user_id = :userId").bind("userId", userId.get()).execute();
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  private static final String CHALLENGE_COLUMNS = "challenge_hash, user_id, client_hash, "
      + "sealed_device, created_at, expires_at, attempts";
  private static final RowMapper<MfaChallengeRecord> CHALLENGE = (rs, ctx) ->
      new MfaChallengeRecord(rs.getString("challenge_hash"), rs.getString("user_id"),
          rs.getString("client_hash"), rs.getString("sealed_device"),
          Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"), rs.getInt("attempts"));

  @Override
  public void saveChallenge(MfaChallengeRecord challenge, Instant now) {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(now, "now");
    db.inTransaction("mfa_challenges.save", h -> {
      Db.update(h, "mfa_challenges.delete_expired", "DELETE FROM <schema>.mfa_challenges "
          + "WHERE user_id = :userId AND expires_at <= :now")
          .bind("userId", challenge.userId()).bind("now", now).execute();
      Db.update(h, "mfa_challenges.insert", "INSERT INTO <schema>.mfa_challenges ("
          + CHALLENGE_COLUMNS + ") VALUES (:hash, :userId, :client, :sealed, :createdAt, "
          + ":expiresAt, :attempts)")
          .bind("hash", challenge.challengeHash()).bind("userId", challenge.userId())
          .bind("client", challenge.clientHash()).bind("sealed", challenge.sealedDevice())
          .bind("createdAt", challenge.createdAt()).bind("expiresAt", challenge.expiresAt())
          .bind("attempts", challenge.attempts()).execute();
      Db.update(h, "mfa_challenges.delete_oldest", "DELETE FROM <schema>.mfa_challenges "
          + "WHERE challenge_hash IN (SELECT challenge_hash FROM <schema>.mfa_challenges "
          + "WHERE user_id = :userId AND challenge_hash <> :hash "
          + "ORDER BY created_at DESC, challenge_hash DESC OFFSET :keep)")
          .bind("userId", challenge.userId()).bind("hash", challenge.challengeHash())
          .bind("keep", MAX_CHALLENGES_PER_USER - 1).execute();
      return null;
    });
  }

  @Override
  public Optional<MfaChallengeRecord> takeChallengeAttempt(String challengeHash,
      String clientHash, Instant now, int maxAttempts) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    Objects.requireNonNull(clientHash, "clientHash");
    Objects.requireNonNull(now, "now");
    // One conditional UPDATE: racing callers wait on the row lock and re-check attempts < max.
    return db.withHandle("mfa_challenges.take_attempt", h -> Db.query(h,
        "mfa_challenges.take_attempt", "UPDATE <schema>.mfa_challenges "
            + "SET attempts = attempts + 1 WHERE challenge_hash = :hash "
            + "AND client_hash = :client AND expires_at > :now AND attempts < :max "
            + "RETURNING " + CHALLENGE_COLUMNS)
        .bind("hash", challengeHash).bind("client", clientHash).bind("now", now)
        .bind("max", maxAttempts).map(CHALLENGE).findOne());
  }

  @Override
  public boolean completeChallenge(String challengeHash, Instant now) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    Objects.requireNonNull(now, "now");
    return db.withHandle("mfa_challenges.complete", h -> Db.update(h,
        "mfa_challenges.complete", "DELETE FROM <schema>.mfa_challenges "
            + "WHERE challenge_hash = :hash AND expires_at > :now")
        .bind("hash", challengeHash).bind("now", now).execute() == 1);
  }

  @Override
  public boolean deleteChallenge(String challengeHash) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    return db.withHandle("mfa_challenges.delete", h -> Db.update(h, "mfa_challenges.delete",
        "DELETE FROM <schema>.mfa_challenges WHERE challenge_hash = :hash")
        .bind("hash", challengeHash).execute() == 1);
  }

  /** Deletes every factor and recovery code of the user on {@code h} (account deletion). */
  static void deleteAllOf(Handle h, String userId) {
    Db.update(h, "mfa_challenges.delete_all_of", "DELETE FROM <schema>.mfa_challenges "
        + "WHERE user_id = :userId").bind("userId", userId).execute();
    Db.update(h, "mfa_factors.delete_all_of", "DELETE FROM <schema>.mfa_factors "
        + "WHERE user_id = :userId").bind("userId", userId).execute();
    Db.update(h, "mfa_recovery_codes.delete_all_of", "DELETE FROM <schema>.mfa_recovery_codes "
        + "WHERE user_id = :userId").bind("userId", userId).execute();
  }
}
