package dev.janua.jdbc.internal;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.spi.AccountToken;
import dev.janua.spi.AccountTokenOutcome;
import dev.janua.spi.AccountTokenPurpose;
import dev.janua.spi.AccountTokenStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Account tokens on PostgreSQL ({@code account_tokens}). Spending a token first locks its row
 * while it is still usable ({@code FOR UPDATE}): of two transactions presenting one token, the
 * second waits, re-reads the row the first committed, finds it used and writes nothing.
 */
public final class JdbcAccountTokens implements AccountTokenStore {
  private static final String COLUMNS =
      "token_hash, purpose, user_id, email, created_at, expires_at, used_at";
  private static final RowMapper<AccountToken> TOKEN = (rs, ctx) -> new AccountToken(
      rs.getString("token_hash"), AccountTokenPurpose.valueOf(rs.getString("purpose")),
      rs.getString("user_id"), rs.getString("email"), Rows.instant(rs, "created_at"),
      Rows.instant(rs, "expires_at"), Rows.instant(rs, "used_at"));
  private static final String LOCK_USABLE = "SELECT " + COLUMNS + " FROM <schema>.account_tokens "
      + "WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL "
      + "AND expires_at > :now FOR UPDATE";

  private final Db db;

  /** The account tokens of the store that owns {@code db}. */
  public JdbcAccountTokens(Db db) {
    this.db = db;
  }

  @Override
  public void issue(AccountToken token, AuditEvent event) {
    Objects.requireNonNull(token, "token");
    db.inTransaction("account_tokens.issue", h -> {
      deleteUnused(h, token.userId(), token.purpose());
      Db.update(h, "account_tokens.insert", "INSERT INTO <schema>.account_tokens (" + COLUMNS
          + ") VALUES (:hash, :purpose, :userId, :email, :createdAt, :expiresAt, :usedAt)")
          .bind("hash", token.tokenHash()).bind("purpose", token.purpose().name())
          .bind("userId", token.userId()).bind("email", token.email())
          .bind("createdAt", token.createdAt()).bind("expiresAt", token.expiresAt())
          .bind("usedAt", token.usedAt())
          .execute();
      JdbcAudit.insert(h, event);
      return null;
    });
  }

  /** Deletes the user's unused tokens of a purpose. */
  static void deleteUnused(Handle h, String userId, AccountTokenPurpose purpose) {
    Db.update(h, "account_tokens.delete_unused", "DELETE FROM <schema>.account_tokens "
        + "WHERE user_id = :userId AND purpose = :purpose AND used_at IS NULL")
        .bind("userId", userId).bind("purpose", purpose.name()).execute();
  }

  /** Deletes every token of the user, used or not (account deletion). */
  static void deleteAllOf(Handle h, String userId) {
    Db.update(h, "account_tokens.delete_all_of", "DELETE FROM <schema>.account_tokens "
        + "WHERE user_id = :userId").bind("userId", userId).execute();
  }

  @Override
  public Optional<AccountToken> find(String tokenHash) {
    return db.withHandle("account_tokens.find", h -> Db.query(h, "account_tokens.find",
        "SELECT " + COLUMNS + " FROM <schema>.account_tokens WHERE token_hash = :hash")
        .bind("hash", tokenHash).map(TOKEN).findOne());
  }

  private static Optional<AccountToken> lockUsable(Handle h, String tokenHash,
      AccountTokenPurpose purpose, Instant now) {
    return Db.query(h, "account_tokens.lock_usable", LOCK_USABLE).bind("hash", tokenHash)
        .bind("purpose", purpose.name()).bind("now", now).map(TOKEN).findOne();
  }

  private static void spend(Handle h, String tokenHash, Instant now) {
    Db.update(h, "account_tokens.spend", "UPDATE <schema>.account_tokens SET used_at = :now "
        + "WHERE token_hash = :hash").bind("now", now).bind("hash", tokenHash).execute();
  }

  @Override
  public AccountTokenOutcome resetPassword(String tokenHash, String newPasswordHash, Instant now,
      AuditEvent event) {
    return db.inTransaction("account_tokens.resetPassword", h -> {
      Optional<AccountToken> t = lockUsable(h, tokenHash, AccountTokenPurpose.PASSWORD_RESET, now);
      if (t.isEmpty()) {
        return AccountTokenOutcome.INVALID_TOKEN;
      }
      String userId = t.get().userId();
      int updated = Db.update(h, "users.reset_password", "UPDATE <schema>.users SET "
          + "password_hash = :hash, updated_at = :now WHERE id = :id")
          .bind("hash", newPasswordHash).bind("now", now).bind("id", userId).execute();
      if (updated == 0) {
        return AccountTokenOutcome.INVALID_TOKEN;
      }
      spend(h, tokenHash, now);
      JdbcSessions.revokeAllOf(h, userId, now);
      JdbcAudit.insert(h, event);
      return AccountTokenOutcome.DONE;
    });
  }

  @Override
  public AccountTokenOutcome verifyEmail(String tokenHash, Instant now, AuditEvent event) {
    return db.inTransaction("account_tokens.verifyEmail", h -> {
      Optional<AccountToken> t = lockUsable(h, tokenHash, AccountTokenPurpose.EMAIL_VERIFICATION,
          now);
      if (t.isEmpty()) {
        return AccountTokenOutcome.INVALID_TOKEN;
      }
      int updated = Db.update(h, "users.verify_email", "UPDATE <schema>.users SET "
          + "email_verified_at = COALESCE(email_verified_at, :now), updated_at = :now "
          + "WHERE id = :id AND email = :email")
          .bind("now", now).bind("id", t.get().userId()).bind("email", t.get().email())
          .execute();
      if (updated == 0) {
        return AccountTokenOutcome.EMAIL_CHANGED;
      }
      spend(h, tokenHash, now);
      JdbcAudit.insert(h, event);
      return AccountTokenOutcome.DONE;
    });
  }

  @Override
  public AccountTokenOutcome changeEmail(String tokenHash, Instant now, AuditEvent event) {
    try {
      return db.inTransaction("account_tokens.changeEmail", h -> {
        Optional<AccountToken> t = lockUsable(h, tokenHash, AccountTokenPurpose.EMAIL_CHANGE, now);
        if (t.isEmpty()) {
          return AccountTokenOutcome.INVALID_TOKEN;
        }
        String userId = t.get().userId();
        // The unique index on LOWER(email) decides a race for the address: a second switch
        // waits for the first and then fails, rolling back everything it wrote.
        int updated = Db.update(h, "users.change_email", "UPDATE <schema>.users SET "
            + "email = :email, email_verified_at = :now, updated_at = :now WHERE id = :id")
            .bind("email", t.get().email()).bind("now", now).bind("id", userId).execute();
        if (updated == 0) {
          return AccountTokenOutcome.INVALID_TOKEN;
        }
        spend(h, tokenHash, now);
        Db.update(h, "account_tokens.delete_unused_all", "DELETE FROM <schema>.account_tokens "
            + "WHERE user_id = :userId AND used_at IS NULL").bind("userId", userId).execute();
        JdbcAudit.insert(h, event);
        return AccountTokenOutcome.DONE;
      });
    } catch (ConflictException e) {
      return AccountTokenOutcome.EMAIL_TAKEN;
    }
  }
}
