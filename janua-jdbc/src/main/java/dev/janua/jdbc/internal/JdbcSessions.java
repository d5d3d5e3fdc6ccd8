package dev.janua.jdbc.internal;

import static dev.janua.jdbc.internal.Rows.SESSION;
import static dev.janua.jdbc.internal.Rows.SESSION_COLUMNS;

import dev.janua.AuditEvent;
import dev.janua.Session;
import dev.janua.StoreUnavailableException;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.SessionStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Sessions and refresh tokens on PostgreSQL ({@code sessions}, {@code refresh_tokens}). The users
 * aggregate writes a signup's first session with {@link #insert} and revokes a user's sessions
 * with {@link #revokeAllOf}, inside its own transaction.
 */
public final class JdbcSessions implements SessionStore {
  private static final String INSERT_SESSION = "INSERT INTO <schema>.sessions (" + SESSION_COLUMNS
      + ") VALUES (:id, :userId, :ip, :ua, :createdAt, :lastUsedAt, :expiresAt, :revokedAt, :amr, "
      + ":authTime)";
  private static final String INSERT_TOKEN = "INSERT INTO <schema>.refresh_tokens (token_hash, "
      + "session_id, user_id, issued_at, expires_at) VALUES (:hash, :sessionId, :userId, "
      + ":issuedAt, :expiresAt)";
  private static final String REVOKE_ALL = "UPDATE <schema>.sessions SET revoked_at = :now "
      + "WHERE user_id = :userId AND revoked_at IS NULL";
  // One conditional UPDATE decides the winner: concurrent callers block on the token's row lock
  // and re-check "spent_at IS NULL" once the winner commits, so at most one matches.
  private static final String SPEND = "UPDATE <schema>.refresh_tokens t SET spent_at = :now, "
      + "successor_hash = :successorHash, sealed_successor = :sealed "
      + "FROM <schema>.sessions s "
      + "WHERE t.token_hash = :hash AND t.spent_at IS NULL AND t.expires_at > :now "
      + "AND s.id = t.session_id AND s.revoked_at IS NULL AND s.expires_at > :now "
      + "RETURNING s.id, s.user_id, s.ip_address, s.user_agent, s.created_at, s.expires_at, "
      + "s.amr, s.auth_time";
  // The successor is found by its primary key, to tell a duplicate from reuse.
  private static final String FIND_TOKEN = "SELECT t.session_id, t.user_id, t.spent_at, "
      + "t.expires_at AS token_expires_at, t.sealed_successor, "
      + "n.spent_at AS successor_spent_at, s.revoked_at AS session_revoked_at, "
      + "s.expires_at AS session_expires_at "
      + "FROM <schema>.refresh_tokens t LEFT JOIN <schema>.sessions s ON s.id = t.session_id "
      + "LEFT JOIN <schema>.refresh_tokens n ON n.token_hash = t.successor_hash "
      + "WHERE t.token_hash = :hash";

  private final Db db;
  /** The session by id, in plain JDBC: the one read of an L1 miss (see {@link Db#findOne}). */
  private final String findById;

  /** The sessions of the store that owns {@code db}. */
  public JdbcSessions(Db db) {
    this.db = db;
    this.findById = db.render("SELECT " + SESSION_COLUMNS + " FROM <schema>.sessions WHERE id = ?");
  }

  /** Writes a session, its first refresh token and the event on {@code h}. */
  static void insert(Handle h, Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(firstToken, "firstToken");
    Db.update(h, "sessions.insert", INSERT_SESSION)
        .bind("id", session.id()).bind("userId", session.userId())
        .bind("ip", session.ipAddress()).bind("ua", session.userAgent())
        .bind("createdAt", session.createdAt()).bind("lastUsedAt", session.lastUsedAt())
        .bind("expiresAt", session.expiresAt()).bind("revokedAt", session.revokedAt())
        .bind("amr", Rows.amrColumn(session.amr())).bind("authTime", session.authTime())
        .execute();
    insertToken(h, firstToken);
    JdbcAudit.insert(h, event);
  }

  private static void insertToken(Handle h, RefreshTokenRecord t) {
    Db.update(h, "refresh_tokens.insert", INSERT_TOKEN)
        .bind("hash", t.tokenHash()).bind("sessionId", t.sessionId()).bind("userId", t.userId())
        .bind("issuedAt", t.issuedAt()).bind("expiresAt", t.expiresAt())
        .execute();
  }

  /**
   * Revokes every live session of {@code userId} on {@code h}, and deletes the user's devices
   * (their device tokens die with the sessions); returns how many sessions.
   */
  static int revokeAllOf(Handle h, String userId, Instant now) {
    JdbcDevices.deleteAllOf(h, userId);
    return Db.update(h, "sessions.revoke_all", REVOKE_ALL)
        .bind("now", now).bind("userId", userId).execute();
  }

  @Override
  public boolean create(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(firstToken, "firstToken");
    return db.inTransaction("sessions.create", h -> {
      // FOR SHARE conflicts with the row lock of a disable's UPDATE: a disable that committed
      // first is seen here (the row re-read, no longer active); one that comes later waits for
      // this transaction and then revokes the session it wrote.
      boolean enabled = Db.query(h, "users.lock_enabled", "SELECT id FROM <schema>.users "
          + "WHERE id = :id AND is_active FOR SHARE")
          .bind("id", session.userId()).mapTo(String.class).findOne().isPresent();
      if (!enabled) {
        return false;
      }
      insert(h, session, firstToken, event);
      return true;
    });
  }

  @Override
  public Optional<Session> find(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    return db.findOne("sessions.find", "sessions.find_by_id", findById, sessionId, SESSION);
  }

  @Override
  public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return db.withHandle("sessions.findRefreshToken", h -> Db.query(h,
        "refresh_tokens.find_record", "SELECT token_hash, session_id, user_id, issued_at, "
            + "expires_at, sealed_successor FROM <schema>.refresh_tokens WHERE token_hash = :hash")
        .bind("hash", tokenHash)
        .map((rs, ctx) -> new RefreshTokenRecord(rs.getString("token_hash"),
            rs.getString("session_id"), rs.getString("user_id"), Rows.instant(rs, "issued_at"),
            Rows.instant(rs, "expires_at"), rs.getString("sealed_successor")))
        .findOne());
  }

  @Override
  public List<Session> live(String userId, Instant now) {
    return db.withHandle("sessions.live", h -> Db.query(h, "sessions.live_of_user",
        "SELECT " + SESSION_COLUMNS + " FROM <schema>.sessions WHERE user_id = :userId "
            + "AND revoked_at IS NULL AND expires_at > :now "
            + "ORDER BY created_at DESC, id COLLATE \"C\" DESC")
        .bind("userId", userId).bind("now", now).map(SESSION).list());
  }

  @Override
  public boolean revoke(String sessionId, Instant now, AuditEvent event) {
    return db.inTransaction("sessions.revoke", h -> {
      int revoked = Db.update(h, "sessions.revoke",
          "UPDATE <schema>.sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
          .bind("now", now).bind("id", sessionId).execute();
      if (revoked == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public int revokeAll(String userId, Instant now, AuditEvent event) {
    return db.inTransaction("sessions.revokeAll", h -> {
      int revoked = revokeAllOf(h, userId, now);
      JdbcAudit.insert(h, event);
      return revoked;
    });
  }

  /** The session columns a winning rotation returns. */
  private record Won(String sessionId, String userId, @Nullable String ip, @Nullable String ua,
      Instant createdAt, Instant expiresAt, List<String> amr, Instant authTime) {}

  /** What a losing rotation finds out about the token. */
  private record Lost(String sessionId, String userId, @Nullable Instant spentAt,
      Instant tokenExpiresAt, @Nullable String sealedSuccessor, boolean successorSpent,
      @Nullable Instant sessionRevokedAt, @Nullable Instant sessionExpiresAt) {}

  @Override
  public RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now,
      AuditEvent event) {
    Objects.requireNonNull(rotation, "rotation");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(event, "event");
    for (int attempt = 0; attempt < 3; attempt++) {
      RotationOutcome outcome = db.inTransaction("sessions.rotateRefreshToken",
          h -> rotateOnce(h, rotation, now, event));
      if (outcome != null) {
        return outcome;
      }
    }
    throw new StoreUnavailableException(
        "The refresh token changed under every attempt to rotate it (rotateRefreshToken)", null);
  }

  private @Nullable RotationOutcome rotateOnce(Handle h, RefreshTokenRotation rotation, Instant now,
      AuditEvent event) {
    Optional<Won> won = Db.query(h, "refresh_tokens.spend", SPEND)
        .bind("now", now).bind("hash", rotation.spentHash())
        .bind("successorHash", rotation.successorHash())
        .bind("sealed", rotation.sealedSuccessor())
        .map((rs, ctx) -> new Won(rs.getString("id"), rs.getString("user_id"),
            rs.getString("ip_address"), rs.getString("user_agent"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"),
            Rows.amr(rs.getString("amr")), Rows.instant(rs, "auth_time") == null
                ? Rows.instant(rs, "created_at") : Rows.instant(rs, "auth_time")))
        .findOne();
    if (won.isEmpty()) {
      return classify(h, rotation.spentHash(), now);
    }
    Won w = won.get();
    Instant expiry = rotation.successorExpiresAt().isBefore(w.expiresAt())
        ? rotation.successorExpiresAt() : w.expiresAt();
    RefreshTokenRecord successor =
        new RefreshTokenRecord(rotation.successorHash(), w.sessionId(), w.userId(), now, expiry);
    insertToken(h, successor);
    Db.update(h, "sessions.touch",
        "UPDATE <schema>.sessions SET last_used_at = :now WHERE id = :id")
        .bind("now", now).bind("id", w.sessionId()).execute();
    JdbcAudit.insert(h, event.withSubject(w.userId(), w.sessionId()));
    Session session = new Session(w.sessionId(), w.userId(), w.ip(), w.ua(), w.createdAt(), now,
        w.expiresAt(), null, w.amr(), w.authTime());
    return new RotationOutcome.Rotated(session, successor);
  }

  /** Why the token did not rotate, or {@code null} when it looks rotatable now (a race: retry). */
  private static @Nullable RotationOutcome classify(Handle h, String spentHash, Instant now) {
    Optional<Lost> found = Db.query(h, "refresh_tokens.find_by_hash", FIND_TOKEN)
        .bind("hash", spentHash)
        .map((rs, ctx) -> new Lost(rs.getString("session_id"), rs.getString("user_id"),
            Rows.instant(rs, "spent_at"), Rows.instant(rs, "token_expires_at"),
            rs.getString("sealed_successor"), Rows.instant(rs, "successor_spent_at") != null,
            Rows.instant(rs, "session_revoked_at"), Rows.instant(rs, "session_expires_at")))
        .findOne();
    if (found.isEmpty()) {
      return new RotationOutcome.Unknown();
    }
    Lost l = found.get();
    if (l.spentAt() != null) {
      return new RotationOutcome.AlreadySpent(l.sessionId(), l.userId(), l.spentAt(),
          l.sealedSuccessor(), l.successorSpent());
    }
    if (l.sessionExpiresAt() == null || l.sessionRevokedAt() != null
        || !now.isBefore(l.sessionExpiresAt())) {
      return new RotationOutcome.SessionEnded(l.sessionId());
    }
    if (!now.isBefore(l.tokenExpiresAt())) {
      return new RotationOutcome.Expired(l.sessionId());
    }
    return null;
  }

  @Override
  public boolean switchOrganization(@Nullable String organizationId, RefreshTokenRecord token,
      Instant now, AuditEvent event) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("sessions.switchOrganization", h -> {
      int n = Db.update(h, "sessions.switch_organization", "UPDATE <schema>.sessions "
          + "SET active_organization_id = :org WHERE id = :id AND user_id = :userId "
          + "AND revoked_at IS NULL AND expires_at > :now")
          .bind("org", organizationId).bind("id", token.sessionId())
          .bind("userId", token.userId()).bind("now", now).execute();
      if (n == 0) {
        return false;
      }
      insertToken(h, token);
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public boolean reauthenticate(List<String> amr, Instant authTime, RefreshTokenRecord token,
      Instant now, AuditEvent event) {
    Objects.requireNonNull(amr, "amr");
    Objects.requireNonNull(authTime, "authTime");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("sessions.reauthenticate", h -> {
      int n = Db.update(h, "sessions.reauthenticate", "UPDATE <schema>.sessions "
          + "SET amr = :amr, auth_time = :authTime WHERE id = :id AND user_id = :userId "
          + "AND revoked_at IS NULL AND expires_at > :now")
          .bind("amr", Rows.amrColumn(amr)).bind("authTime", authTime)
          .bind("id", token.sessionId()).bind("userId", token.userId()).bind("now", now)
          .execute();
      if (n == 0) {
        return false;
      }
      insertToken(h, token);
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public Optional<String> activeOrganization(String sessionId) {
    return db.withHandle("sessions.activeOrganization", h -> Db.query(h,
        "sessions.active_organization", "SELECT active_organization_id FROM <schema>.sessions "
            + "WHERE id = :id AND active_organization_id IS NOT NULL")
        .bind("id", sessionId).mapTo(String.class).findOne());
  }
}
