package dev.janua.jdbc.internal;

import static dev.janua.jdbc.internal.Rows.USER;
import static dev.janua.jdbc.internal.Rows.USER_COLUMNS;

import dev.janua.AuditEvent;
import dev.janua.MembershipStatus;
import dev.janua.Session;
import dev.janua.SystemRole;
import dev.janua.spi.UserDeletion;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Users on PostgreSQL ({@code users}). Signup, password change and disabling reach into the
 * sessions and the audit log, each in one transaction with the user's row.
 */
public final class JdbcUsers implements UserStore {
  private static final String INSERT = "INSERT INTO <schema>.users (" + USER_COLUMNS + ") VALUES "
      + "(:id, :email, :name, :passwordHash, :enabled, :createdAt, :updatedAt, :emailVerifiedAt)";

  private final Db db;

  /** The users of the store that owns {@code db}. */
  public JdbcUsers(Db db) {
    this.db = db;
  }

  private static void insert(Handle h, StoredUser user) {
    Db.update(h, "users.insert", INSERT)
        .bind("id", user.id()).bind("email", user.email()).bind("name", user.name())
        .bind("passwordHash", user.passwordHash()).bind("enabled", user.enabled())
        .bind("createdAt", user.createdAt()).bind("updatedAt", user.updatedAt())
        .bind("emailVerifiedAt", user.emailVerifiedAt())
        .execute();
  }

  @Override
  public void create(StoredUser user, AuditEvent event) {
    Objects.requireNonNull(user, "user");
    db.inTransaction("users.create", h -> {
      insert(h, user);
      JdbcAudit.insert(h, event);
      return null;
    });
  }

  @Override
  public void createWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(firstToken, "firstToken");
    // Of concurrent signups with one email, the unique index on LOWER(email) makes every insert
    // after the first wait for it, then fail: exactly one transaction commits.
    db.inTransaction("users.createWithSession", h -> {
      insert(h, user);
      JdbcAudit.insert(h, signup);
      JdbcSessions.insert(h, session, firstToken, signin);
      return null;
    });
  }

  @Override
  public Optional<StoredUser> findById(String userId) {
    return db.withHandle("users.findById", h -> Db.query(h, "users.find_by_id",
        "SELECT " + USER_COLUMNS + " FROM <schema>.users WHERE id = :id")
        .bind("id", userId).map(USER).findOne());
  }

  @Override
  public Optional<StoredUser> findByEmail(String normalizedEmail) {
    return db.withHandle("users.findByEmail", h -> Db.query(h, "users.find_by_email",
        "SELECT " + USER_COLUMNS + " FROM <schema>.users WHERE LOWER(email) = LOWER(:email)")
        .bind("email", normalizedEmail).map(USER).findOne());
  }

  @Override
  public Optional<StoredUser> findCredentialsById(String userId) {
    return findById(userId); // this is the store of record
  }

  @Override
  public Optional<StoredUser> findCredentialsByEmail(String normalizedEmail) {
    return findByEmail(normalizedEmail);
  }

  @Override
  public boolean replacePasswordHash(String userId, PasswordHashSwap swap, Instant now) {
    Objects.requireNonNull(swap, "swap");
    return db.withHandle("users.replacePasswordHash", h -> Db.update(h,
        "users.replace_password_hash", "UPDATE <schema>.users SET password_hash = :newHash, "
            + "updated_at = :now WHERE id = :id AND password_hash = :expected")
        .bind("newHash", swap.replacement()).bind("now", now).bind("id", userId)
        .bind("expected", swap.expected())
        .execute() == 1);
  }

  @Override
  public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
    return db.inTransaction("users.changePassword", h -> {
      int updated = Db.update(h, "users.change_password",
          "UPDATE <schema>.users SET password_hash = :newHash, updated_at = :now WHERE id = :id")
          .bind("newHash", newHash).bind("now", now).bind("id", userId).execute();
      if (updated == 0) {
        return -1;
      }
      int revoked = JdbcSessions.revokeAllOf(h, userId, now);
      JdbcAudit.insert(h, event);
      return revoked;
    });
  }

  @Override
  public boolean setEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
    return db.inTransaction("users.setEnabled", h -> {
      int updated = Db.update(h, "users.set_enabled",
          "UPDATE <schema>.users SET is_active = :enabled, updated_at = :now WHERE id = :id")
          .bind("enabled", enabled).bind("now", now).bind("id", userId).execute();
      if (updated == 0) {
        return false;
      }
      // The UPDATE holds the user's row lock until commit; a session insert locks that row FOR
      // SHARE first (JdbcSessions.create), so it either committed before this revocation (which
      // then sees and revokes it) or waits and finds the user disabled.
      if (!enabled) {
        JdbcSessions.revokeAllOf(h, userId, now);
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public boolean markEmailVerified(String userId, String email, Instant now, AuditEvent event) {
    return db.inTransaction("users.markEmailVerified", h -> {
      // The row lock of the first statement orders this against a concurrent email change.
      Optional<Boolean> unverified = Db.query(h, "users.lock_for_verify", "SELECT "
          + "email_verified_at IS NULL AS unverified FROM <schema>.users "
          + "WHERE id = :id AND email = :email FOR UPDATE")
          .bind("id", userId).bind("email", email)
          .map((rs, ctx) -> rs.getBoolean("unverified")).findOne();
      if (unverified.isEmpty()) {
        return false;
      }
      if (unverified.get()) {
        Db.update(h, "users.mark_email_verified", "UPDATE <schema>.users SET email_verified_at = "
            + ":now, updated_at = :now WHERE id = :id")
            .bind("now", now).bind("id", userId).execute();
        JdbcAudit.insert(h, event);
      }
      return true;
    });
  }

  @Override
  public boolean updateName(String userId, @Nullable String name, Instant now, AuditEvent event) {
    return db.inTransaction("users.updateName", h -> {
      int updated = Db.update(h, "users.update_name",
          "UPDATE <schema>.users SET name = :name, updated_at = :now WHERE id = :id")
          .bind("name", name).bind("now", now).bind("id", userId).execute();
      if (updated == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public UserDeletion delete(StoredUser tombstone, Instant now, AuditEvent event) {
    Objects.requireNonNull(tombstone, "tombstone");
    String userId = tombstone.id();
    return db.inTransaction("users.delete", h -> {
      boolean exists = Db.query(h, "users.lock", "SELECT id FROM <schema>.users WHERE id = :id "
          + "FOR UPDATE").bind("id", userId).mapTo(String.class).findOne().isPresent();
      if (!exists) {
        return UserDeletion.notFound();
      }
      // The organizations the user owns, locked as every guarded membership change locks them
      // (see JdbcOrganizations), in a fixed order; then whether another active owner remains.
      List<String> owned = Db.query(h, "organization_members.owned_by", "SELECT o.id FROM "
          + "<schema>.organizations o JOIN <schema>.organization_members m "
          + "ON m.organization_id = o.id WHERE m.user_id = :id AND m.role = :owner "
          + "AND m.status = :active ORDER BY o.id FOR NO KEY UPDATE OF o")
          .bind("id", userId).bind("owner", SystemRole.OWNER.roleName())
          .bind("active", MembershipStatus.ACTIVE.name()).mapTo(String.class).list();
      for (String organizationId : owned) {
        boolean other = Db.query(h, "organization_members.other_owner", "SELECT EXISTS (SELECT 1 "
            + "FROM <schema>.organization_members WHERE organization_id = :org AND user_id <> :id "
            + "AND role = :owner AND status = :active)")
            .bind("org", organizationId).bind("id", userId)
            .bind("owner", SystemRole.OWNER.roleName())
            .bind("active", MembershipStatus.ACTIVE.name()).mapTo(Boolean.class).one();
        if (!other) {
          return UserDeletion.lastOwner(organizationId);
        }
      }
      Db.update(h, "organization_members.delete_of_user", "DELETE FROM "
          + "<schema>.organization_members WHERE user_id = :id").bind("id", userId).execute();
      JdbcSessions.revokeAllOf(h, userId, now);
      JdbcAccountTokens.deleteAllOf(h, userId);
      JdbcFactors.deleteAllOf(h, userId);
      JdbcPasskeys.deleteAllOf(h, userId);
      Db.update(h, "users.tombstone", "UPDATE <schema>.users SET email = :email, name = NULL, "
          + "password_hash = :hash, is_active = false, email_verified_at = NULL, "
          + "updated_at = :now WHERE id = :id")
          .bind("email", tombstone.email()).bind("hash", tombstone.passwordHash())
          .bind("now", now).bind("id", userId).execute();
      JdbcAudit.insert(h, event);
      Db.update(h, "audit_logs.pseudonymize", "UPDATE <schema>.audit_logs SET ip_address = NULL, "
          + "user_agent = NULL WHERE user_id = :id").bind("id", userId).execute();
      return UserDeletion.deleted();
    });
  }
}
