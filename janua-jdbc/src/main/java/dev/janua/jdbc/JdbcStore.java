package dev.janua.jdbc;

import static dev.janua.jdbc.internal.Rows.AUDIT;
import static dev.janua.jdbc.internal.Rows.AUDIT_COLUMNS;
import static dev.janua.jdbc.internal.Rows.MEMBERSHIP;
import static dev.janua.jdbc.internal.Rows.MEMBERSHIP_COLUMNS;
import static dev.janua.jdbc.internal.Rows.ORGANIZATION;
import static dev.janua.jdbc.internal.Rows.ORGANIZATION_COLUMNS;
import static dev.janua.jdbc.internal.Rows.ROLE;
import static dev.janua.jdbc.internal.Rows.ROLE_COLUMNS;
import static dev.janua.jdbc.internal.Rows.SESSION;
import static dev.janua.jdbc.internal.Rows.SESSION_COLUMNS;
import static dev.janua.jdbc.internal.Rows.SIGNING_KEY;
import static dev.janua.jdbc.internal.Rows.SIGNING_KEY_COLUMNS;
import static dev.janua.jdbc.internal.Rows.USER;
import static dev.janua.jdbc.internal.Rows.USER_COLUMNS;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.StoreUnavailableException;
import dev.janua.jdbc.internal.DatabaseHealthCheck;
import dev.janua.jdbc.internal.Errors;
import dev.janua.jdbc.internal.Migrations;
import dev.janua.jdbc.internal.Rows;
import dev.janua.jdbc.internal.Schemas;
import dev.janua.jdbc.internal.SlowQueryLogger;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.PoolStats;
import dev.janua.spi.PoolStatsSource;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.core.statement.Update;
import org.jdbi.v3.core.statement.Query;

/**
 * The PostgreSQL {@link Store}: Jdbi over a HikariCP pool and the PostgreSQL driver, the schema
 * kept by Flyway migrations shipped in this jar. Every operation is atomic (one statement or one
 * transaction); instances on the same database share everything, so a fleet of hosts sees one
 * set of users, sessions and keys.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder().config(JdbcStoreConfig.fromEnv()).build();
 * AuthEngine engine = AuthEngine.builder().store(store).healthCheck(store.healthCheck()).build();
 * }</pre>
 *
 * <p>Failures: a duplicate raises {@link ConflictException} naming the field; an unreachable
 * database, a pool timeout or any other database error raises {@link StoreUnavailableException}
 * with nothing written. The store recovers by itself once PostgreSQL answers again.
 *
 * <p>Thread-safe. {@link #close()} closes the pool the store created (not a data source it was
 * given).
 */
public final class JdbcStore implements Store, PoolStatsSource, AutoCloseable {
  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final Jdbi jdbi;
  private final String schema;
  private final String prefix;
  private final Map<String, String> sqlCache = new ConcurrentHashMap<>();
  private final ExecutorService healthExecutor;
  private final HealthCheck healthCheck;

  private JdbcStore(Builder b, DataSource dataSource, HikariDataSource ownedPool) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.schema = b.schema;
    this.prefix = "\"" + b.schema + "\".";
    this.jdbi = Jdbi.create(dataSource);
    // SQL text is used as written: no template engine rewriting '<' or ':' inside it.
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    jdbi.setSqlLogger(new SlowQueryLogger(b.slowQueryThreshold, b.slowQueryListener));
    // Exception messages without statement text or arguments; the store wraps them anyway.
    jdbi.getConfig(StatementExceptions.class)
        .setMessageRendering(StatementExceptions.MessageRendering.NONE);
    jdbi.registerArgument(new InstantArgumentFactory());
    AtomicInteger threads = new AtomicInteger();
    this.healthExecutor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "janua-db-health-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.healthCheck = new DatabaseHealthCheck(dataSource, b.healthCheckTimeout, healthExecutor);
  }

  /** A builder; give it a {@link JdbcStoreConfig} or a {@link DataSource}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs Janua's migrations on {@code schema} of {@code dataSource}, as {@link JdbcStore} does at
   * startup; for hosts that migrate in a separate step.
   *
   * @return how many migrations ran
   * @throws StoreUnavailableException when the database cannot be reached
   * @throws IllegalStateException when a migration fails
   */
  public static int migrate(DataSource dataSource, String schema) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(schema, "schema");
    return Migrations.migrate(dataSource, Schemas.check(schema, "schema"));
  }

  /** The schema holding Janua's tables. */
  public String schema() {
    return schema;
  }

  /** The data source the store uses (its own HikariCP pool, or the one it was given). */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * The {@code database} readiness check for {@code AuthEngine.builder().healthCheck(...)}: up when
   * a pooled connection answers, down within the builder's health-check timeout otherwise.
   */
  public HealthCheck healthCheck() {
    return healthCheck;
  }

  /**
   * The pool's active, idle and waiting counts and its maximum, from HikariCP's pool MXBean; all
   * zero when the store was given a data source that is not a HikariCP pool.
   */
  @Override
  public PoolStats poolStats() {
    HikariDataSource hikari = ownedPool;
    if (hikari == null && dataSource instanceof HikariDataSource h) {
      hikari = h;
    }
    if (hikari == null) {
      return new PoolStats(0, 0, 0, 0);
    }
    HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
    if (mx == null) {
      return new PoolStats(0, 0, 0, hikari.getMaximumPoolSize());
    }
    return new PoolStats(mx.getActiveConnections(), mx.getIdleConnections(),
        mx.getThreadsAwaitingConnection(), hikari.getMaximumPoolSize());
  }

  /** Closes the pool this store created, and the health check's threads. */
  @Override
  public void close() {
    healthExecutor.shutdownNow();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  // ---- plumbing ----

  private String sql(String text) {
    return sqlCache.computeIfAbsent(text, t -> t.replace("${s}.", prefix));
  }

  private Query query(Handle h, String name, String text) {
    return h.createQuery(sql(text)).define(SlowQueryLogger.STATEMENT, name);
  }

  private Update update(Handle h, String name, String text) {
    return h.createUpdate(sql(text)).define(SlowQueryLogger.STATEMENT, name);
  }

  private <T> T read(String operation, java.util.function.Function<Handle, T> body) {
    try {
      return jdbi.withHandle(body::apply);
    } catch (RuntimeException e) {
      throw Errors.translate(operation, e);
    }
  }

  private <T> T inTransaction(String operation, java.util.function.Function<Handle, T> body) {
    try {
      return jdbi.inTransaction(body::apply);
    } catch (RuntimeException e) {
      throw Errors.translate(operation, e);
    }
  }

  private static final String INSERT_AUDIT = "INSERT INTO ${s}.audit_logs (id, event_type, user_id, "
      + "session_id, organization_id, ip_address, user_agent, details, created_at) VALUES (:id, "
      + ":type, :userId, :sessionId, :organizationId, :ip, :ua, "
      + "jsonb_object(CAST(:detailKeys AS text[]), CAST(:detailValues AS text[])), :createdAt)";

  private void insertAudit(Handle h, AuditEvent e) {
    Objects.requireNonNull(e, "event");
    String[] keys = e.details().keySet().toArray(new String[0]);
    String[] values = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = e.details().get(keys[i]);
    }
    update(h, "audit_logs.insert", INSERT_AUDIT)
        .bind("id", e.id()).bind("type", e.type().code()).bind("userId", e.userId())
        .bind("sessionId", e.sessionId()).bind("organizationId", e.organizationId())
        .bind("ip", e.ipAddress()).bind("ua", e.userAgent())
        .bind("detailKeys", keys).bind("detailValues", values)
        .bind("createdAt", e.createdAt())
        .execute();
  }

  private int revokeAll(Handle h, String userId, Instant now) {
    return update(h, "sessions.revoke_all",
        "UPDATE ${s}.sessions SET revoked_at = :now WHERE user_id = :userId AND revoked_at IS NULL")
        .bind("now", now).bind("userId", userId).execute();
  }

  // ---- users ----

  @Override
  public void createUser(StoredUser user, AuditEvent event) {
    Objects.requireNonNull(user, "user");
    inTransaction("createUser", h -> {
      insertUser(h, user);
      insertAudit(h, event);
      return null;
    });
  }

  @Override
  public void createUserWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(firstToken, "firstToken");
    inTransaction("createUserWithSession", h -> {
      insertUser(h, user);
      insertAudit(h, signup);
      insertSession(h, session);
      insertToken(h, firstToken);
      insertAudit(h, signin);
      return null;
    });
  }

  private void insertUser(Handle h, StoredUser user) {
    update(h, "users.insert", "INSERT INTO ${s}.users (" + USER_COLUMNS + ") VALUES (:id, :email, "
        + ":name, :passwordHash, :enabled, :createdAt, :updatedAt)")
        .bind("id", user.id()).bind("email", user.email()).bind("name", user.name())
        .bind("passwordHash", user.passwordHash()).bind("enabled", user.enabled())
        .bind("createdAt", user.createdAt()).bind("updatedAt", user.updatedAt())
        .execute();
  }

  @Override
  public Optional<StoredUser> findUserById(String userId) {
    return read("findUserById", h -> query(h, "users.find_by_id",
        "SELECT " + USER_COLUMNS + " FROM ${s}.users WHERE id = :id")
        .bind("id", userId).map(USER).findOne());
  }

  @Override
  public Optional<StoredUser> findUserByEmail(String normalizedEmail) {
    return read("findUserByEmail", h -> query(h, "users.find_by_email",
        "SELECT " + USER_COLUMNS + " FROM ${s}.users WHERE LOWER(email) = LOWER(:email)")
        .bind("email", normalizedEmail).map(USER).findOne());
  }

  @Override
  public boolean replacePasswordHash(String userId, String expectedHash, String newHash, Instant now) {
    return read("replacePasswordHash", h -> update(h, "users.replace_password_hash",
        "UPDATE ${s}.users SET password_hash = :newHash, updated_at = :now "
            + "WHERE id = :id AND password_hash = :expected")
        .bind("newHash", newHash).bind("now", now).bind("id", userId).bind("expected", expectedHash)
        .execute() == 1);
  }

  @Override
  public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
    return inTransaction("changePassword", h -> {
      int updated = update(h, "users.change_password",
          "UPDATE ${s}.users SET password_hash = :newHash, updated_at = :now WHERE id = :id")
          .bind("newHash", newHash).bind("now", now).bind("id", userId).execute();
      if (updated == 0) {
        return -1;
      }
      int revoked = revokeAll(h, userId, now);
      insertAudit(h, event);
      return revoked;
    });
  }

  @Override
  public boolean setUserEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
    return inTransaction("setUserEnabled", h -> {
      int updated = update(h, "users.set_enabled",
          "UPDATE ${s}.users SET is_active = :enabled, updated_at = :now WHERE id = :id")
          .bind("enabled", enabled).bind("now", now).bind("id", userId).execute();
      if (updated == 0) {
        return false;
      }
      if (!enabled) {
        revokeAll(h, userId, now);
      }
      insertAudit(h, event);
      return true;
    });
  }

  // ---- sessions and refresh tokens ----

  private static final String INSERT_TOKEN = "INSERT INTO ${s}.refresh_tokens (token_hash, "
      + "session_id, user_id, issued_at, expires_at) VALUES (:hash, :sessionId, :userId, :issuedAt, "
      + ":expiresAt)";

  private void insertToken(Handle h, RefreshTokenRecord t) {
    update(h, "refresh_tokens.insert", INSERT_TOKEN)
        .bind("hash", t.tokenHash()).bind("sessionId", t.sessionId()).bind("userId", t.userId())
        .bind("issuedAt", t.issuedAt()).bind("expiresAt", t.expiresAt())
        .execute();
  }

  @Override
  public void createSession(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(firstToken, "firstToken");
    inTransaction("createSession", h -> {
      insertSession(h, session);
      insertToken(h, firstToken);
      insertAudit(h, event);
      return null;
    });
  }

  private void insertSession(Handle h, Session session) {
    update(h, "sessions.insert", "INSERT INTO ${s}.sessions (" + SESSION_COLUMNS + ") VALUES (:id, "
        + ":userId, :ip, :ua, :createdAt, :lastUsedAt, :expiresAt, :revokedAt)")
        .bind("id", session.id()).bind("userId", session.userId())
        .bind("ip", session.ipAddress()).bind("ua", session.userAgent())
        .bind("createdAt", session.createdAt()).bind("lastUsedAt", session.lastUsedAt())
        .bind("expiresAt", session.expiresAt()).bind("revokedAt", session.revokedAt())
        .execute();
  }

  @Override
  public Optional<Session> findSession(String sessionId) {
    return read("findSession", h -> query(h, "sessions.find_by_id",
        "SELECT " + SESSION_COLUMNS + " FROM ${s}.sessions WHERE id = :id")
        .bind("id", sessionId).map(SESSION).findOne());
  }

  @Override
  public List<Session> liveSessions(String userId, Instant now) {
    return read("liveSessions", h -> query(h, "sessions.live_of_user",
        "SELECT " + SESSION_COLUMNS + " FROM ${s}.sessions WHERE user_id = :userId "
            + "AND revoked_at IS NULL AND expires_at > :now "
            + "ORDER BY created_at DESC, id COLLATE \"C\" DESC")
        .bind("userId", userId).bind("now", now).map(SESSION).list());
  }

  @Override
  public boolean revokeSession(String sessionId, Instant now, AuditEvent event) {
    return inTransaction("revokeSession", h -> {
      int revoked = update(h, "sessions.revoke",
          "UPDATE ${s}.sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
          .bind("now", now).bind("id", sessionId).execute();
      if (revoked == 0) {
        return false;
      }
      insertAudit(h, event);
      return true;
    });
  }

  @Override
  public int revokeUserSessions(String userId, Instant now, AuditEvent event) {
    return inTransaction("revokeUserSessions", h -> {
      int revoked = revokeAll(h, userId, now);
      insertAudit(h, event);
      return revoked;
    });
  }

  /** The session columns a winning rotation returns. */
  private record Won(String sessionId, String userId, String ip, String ua, Instant createdAt,
      Instant expiresAt) {}

  /** What a losing rotation finds out about the token. */
  private record Lost(String sessionId, String userId, Instant spentAt, Instant tokenExpiresAt,
      Instant sessionRevokedAt, Instant sessionExpiresAt) {}

  @Override
  public RotationOutcome rotateRefreshToken(String spentHash, String successorHash,
      Instant successorExpiresAt, Instant now, AuditEvent event) {
    Objects.requireNonNull(spentHash, "spentHash");
    Objects.requireNonNull(successorHash, "successorHash");
    Objects.requireNonNull(successorExpiresAt, "successorExpiresAt");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(event, "event");
    // One conditional UPDATE decides the winner: concurrent callers block on the token's row lock
    // and re-check "spent_at IS NULL" once the winner commits, so at most one matches.
    for (int attempt = 0; attempt < 3; attempt++) {
      RotationOutcome outcome = inTransaction("rotateRefreshToken", h -> {
        Optional<Won> won = query(h, "refresh_tokens.spend",
            "UPDATE ${s}.refresh_tokens t SET spent_at = :now FROM ${s}.sessions s "
                + "WHERE t.token_hash = :hash AND t.spent_at IS NULL AND t.expires_at > :now "
                + "AND s.id = t.session_id AND s.revoked_at IS NULL AND s.expires_at > :now "
                + "RETURNING s.id, s.user_id, s.ip_address, s.user_agent, s.created_at, s.expires_at")
            .bind("now", now).bind("hash", spentHash)
            .map((rs, ctx) -> new Won(rs.getString("id"), rs.getString("user_id"),
                rs.getString("ip_address"), rs.getString("user_agent"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at")))
            .findOne();
        if (won.isEmpty()) {
          return classify(h, spentHash, now);
        }
        Won w = won.get();
        Instant expiry = successorExpiresAt.isBefore(w.expiresAt()) ? successorExpiresAt : w.expiresAt();
        RefreshTokenRecord successor =
            new RefreshTokenRecord(successorHash, w.sessionId(), w.userId(), now, expiry);
        insertToken(h, successor);
        update(h, "sessions.touch", "UPDATE ${s}.sessions SET last_used_at = :now WHERE id = :id")
            .bind("now", now).bind("id", w.sessionId()).execute();
        insertAudit(h, event.withSubject(w.userId(), w.sessionId()));
        Session session = new Session(w.sessionId(), w.userId(), w.ip(), w.ua(), w.createdAt(), now,
            w.expiresAt(), null);
        return new RotationOutcome.Rotated(session, successor);
      });
      if (outcome != null) {
        return outcome;
      }
    }
    throw new StoreUnavailableException(
        "The refresh token changed under every attempt to rotate it (rotateRefreshToken)", null);
  }

  /** Why the token did not rotate, or {@code null} when it looks rotatable now (a race: retry). */
  private RotationOutcome classify(Handle h, String spentHash, Instant now) {
    Optional<Lost> found = query(h, "refresh_tokens.find_by_hash",
        "SELECT t.session_id, t.user_id, t.spent_at, t.expires_at AS token_expires_at, "
            + "s.revoked_at AS session_revoked_at, s.expires_at AS session_expires_at "
            + "FROM ${s}.refresh_tokens t LEFT JOIN ${s}.sessions s ON s.id = t.session_id "
            + "WHERE t.token_hash = :hash")
        .bind("hash", spentHash)
        .map((rs, ctx) -> new Lost(rs.getString("session_id"), rs.getString("user_id"),
            Rows.instant(rs, "spent_at"), Rows.instant(rs, "token_expires_at"),
            Rows.instant(rs, "session_revoked_at"), Rows.instant(rs, "session_expires_at")))
        .findOne();
    if (found.isEmpty()) {
      return new RotationOutcome.Unknown();
    }
    Lost l = found.get();
    if (l.spentAt() != null) {
      return new RotationOutcome.AlreadySpent(l.sessionId(), l.userId(), l.spentAt());
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

  // ---- organizations, members, roles ----

  private static final String INSERT_MEMBER = "INSERT INTO ${s}.organization_members ("
      + MEMBERSHIP_COLUMNS + ") VALUES (:organizationId, :userId, :role, :status, :joinedAt)";

  private void insertMember(Handle h, Membership m) {
    Objects.requireNonNull(m, "membership");
    update(h, "organization_members.insert", INSERT_MEMBER)
        .bind("organizationId", m.organizationId()).bind("userId", m.userId())
        .bind("role", m.role()).bind("status", m.status().name()).bind("joinedAt", m.joinedAt())
        .execute();
  }

  @Override
  public void createOrganization(Organization organization, Membership owner, AuditEvent event) {
    Objects.requireNonNull(organization, "organization");
    inTransaction("createOrganization", h -> {
      update(h, "organizations.insert", "INSERT INTO ${s}.organizations (" + ORGANIZATION_COLUMNS
          + ") VALUES (:id, :name, :slug, :ownerId, :createdAt)")
          .bind("id", organization.id()).bind("name", organization.name())
          .bind("slug", organization.slug()).bind("ownerId", organization.ownerId())
          .bind("createdAt", organization.createdAt())
          .execute();
      insertMember(h, owner);
      insertAudit(h, event);
      return null;
    });
  }

  @Override
  public Optional<Organization> findOrganization(String organizationId) {
    return read("findOrganization", h -> query(h, "organizations.find_by_id",
        "SELECT " + ORGANIZATION_COLUMNS + " FROM ${s}.organizations WHERE id = :id")
        .bind("id", organizationId).map(ORGANIZATION).findOne());
  }

  @Override
  public Optional<Membership> findMembership(String organizationId, String userId) {
    return read("findMembership", h -> query(h, "organization_members.find",
        "SELECT " + MEMBERSHIP_COLUMNS + " FROM ${s}.organization_members "
            + "WHERE organization_id = :organizationId AND user_id = :userId")
        .bind("organizationId", organizationId).bind("userId", userId)
        .map(MEMBERSHIP).findOne());
  }

  @Override
  public List<Membership> members(String organizationId) {
    return read("members", h -> query(h, "organization_members.of_organization",
        "SELECT " + MEMBERSHIP_COLUMNS + " FROM ${s}.organization_members "
            + "WHERE organization_id = :organizationId ORDER BY joined_at, user_id COLLATE \"C\"")
        .bind("organizationId", organizationId).map(MEMBERSHIP).list());
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    return read("membershipsOf", h -> query(h, "organization_members.of_user",
        "SELECT " + MEMBERSHIP_COLUMNS + " FROM ${s}.organization_members "
            + "WHERE user_id = :userId ORDER BY joined_at, organization_id COLLATE \"C\"")
        .bind("userId", userId).map(MEMBERSHIP).list());
  }

  @Override
  public void addMember(Membership membership, AuditEvent event) {
    inTransaction("addMember", h -> {
      insertMember(h, membership);
      insertAudit(h, event);
      return null;
    });
  }

  @Override
  public boolean updateMembership(Membership membership, AuditEvent event) {
    Objects.requireNonNull(membership, "membership");
    return inTransaction("updateMembership", h -> {
      int updated = update(h, "organization_members.update",
          "UPDATE ${s}.organization_members SET role = :role, status = :status "
              + "WHERE organization_id = :organizationId AND user_id = :userId")
          .bind("role", membership.role()).bind("status", membership.status().name())
          .bind("organizationId", membership.organizationId()).bind("userId", membership.userId())
          .execute();
      if (updated == 0) {
        return false;
      }
      insertAudit(h, event);
      return true;
    });
  }

  @Override
  public boolean removeMember(String organizationId, String userId, AuditEvent event) {
    return inTransaction("removeMember", h -> {
      int removed = update(h, "organization_members.delete",
          "DELETE FROM ${s}.organization_members WHERE organization_id = :organizationId "
              + "AND user_id = :userId")
          .bind("organizationId", organizationId).bind("userId", userId).execute();
      if (removed == 0) {
        return false;
      }
      insertAudit(h, event);
      return true;
    });
  }

  @Override
  public void createRole(Role role, AuditEvent event) {
    Objects.requireNonNull(role, "role");
    inTransaction("createRole", h -> {
      update(h, "roles.insert", "INSERT INTO ${s}.roles (" + ROLE_COLUMNS + ") VALUES "
          + "(:organizationId, :name, CAST(:permissions AS text[]), :createdAt)")
          .bind("organizationId", role.organizationId()).bind("name", role.name())
          .bind("permissions", role.permissions().stream().sorted().toArray(String[]::new))
          .bind("createdAt", role.createdAt())
          .execute();
      insertAudit(h, event);
      return null;
    });
  }

  @Override
  public Optional<Role> findRole(String organizationId, String name) {
    return read("findRole", h -> query(h, "roles.find",
        "SELECT " + ROLE_COLUMNS + " FROM ${s}.roles WHERE organization_id = :organizationId "
            + "AND name = :name")
        .bind("organizationId", organizationId).bind("name", name).map(ROLE).findOne());
  }

  @Override
  public List<Role> roles(String organizationId) {
    return read("roles", h -> query(h, "roles.of_organization",
        "SELECT " + ROLE_COLUMNS + " FROM ${s}.roles WHERE organization_id = :organizationId "
            + "ORDER BY name COLLATE \"C\"")
        .bind("organizationId", organizationId).map(ROLE).list());
  }

  // ---- audit ----

  @Override
  public void appendAudit(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    read("appendAudit", h -> {
      insertAudit(h, event);
      return null;
    });
  }

  @Override
  public List<AuditEvent> auditEvents(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    // One statement per filter combination, so each uses its own index.
    StringBuilder where = new StringBuilder();
    String name;
    if (query.userId() != null && query.organizationId() != null) {
      where.append(" WHERE user_id = :userId AND organization_id = :organizationId");
      name = "audit_logs.of_user_in_organization";
    } else if (query.userId() != null) {
      where.append(" WHERE user_id = :userId");
      name = "audit_logs.of_user";
    } else if (query.organizationId() != null) {
      where.append(" WHERE organization_id = :organizationId");
      name = "audit_logs.of_organization";
    } else {
      name = "audit_logs.latest";
    }
    String text = "SELECT " + AUDIT_COLUMNS + " FROM ${s}.audit_logs" + where
        + " ORDER BY created_at DESC, seq DESC LIMIT :limit";
    return read("auditEvents", h -> {
      Query q = query(h, name, text).bind("limit", query.limit());
      if (query.userId() != null) {
        q.bind("userId", query.userId());
      }
      if (query.organizationId() != null) {
        q.bind("organizationId", query.organizationId());
      }
      return q.map(AUDIT).list();
    });
  }

  // ---- signing keys ----

  private void insertKey(Handle h, StoredSigningKey k) {
    update(h, "signing_keys.insert", "INSERT INTO ${s}.signing_keys (" + SIGNING_KEY_COLUMNS
        + ") VALUES (:kid, :algorithm, :privateKeyDer, :publicKeyDer, :createdAt, :retiredAt) "
        + "ON CONFLICT DO NOTHING")
        .bind("kid", k.kid()).bind("algorithm", k.algorithm())
        .bind("privateKeyDer", k.privateKeyDer()).bind("publicKeyDer", k.publicKeyDer())
        .bind("createdAt", k.createdAt()).bind("retiredAt", k.retiredAt())
        .execute();
  }

  private Optional<StoredSigningKey> active(Handle h) {
    return query(h, "signing_keys.active", "SELECT " + SIGNING_KEY_COLUMNS
        + " FROM ${s}.signing_keys WHERE retired_at IS NULL").map(SIGNING_KEY).findOne();
  }

  @Override
  public StoredSigningKey activeSigningKey(StoredSigningKey candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return read("activeSigningKey", h -> {
      Optional<StoredSigningKey> current = active(h);
      if (current.isPresent()) {
        return current.get();
      }
      // The unique index on the active key lets one of several starting instances insert; the
      // others' inserts do nothing once it commits, and they read its key.
      insertKey(h, new StoredSigningKey(candidate.kid(), candidate.algorithm(),
          candidate.privateKeyDer(), candidate.publicKeyDer(), candidate.createdAt(), null));
      return active(h).orElseThrow(() -> new ConflictException("kid",
          "A retired signing key already has this kid"));
    });
  }

  @Override
  public List<StoredSigningKey> signingKeys() {
    return read("signingKeys", h -> query(h, "signing_keys.all", "SELECT " + SIGNING_KEY_COLUMNS
        + " FROM ${s}.signing_keys ORDER BY created_at DESC, seq DESC").map(SIGNING_KEY).list());
  }

  @Override
  public void rotateSigningKey(StoredSigningKey next, Instant now) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(now, "now");
    inTransaction("rotateSigningKey", h -> {
      // Rotations queue up behind each other, each retiring the key the previous one made.
      update(h, "signing_keys.lock",
          "LOCK TABLE ${s}.signing_keys IN SHARE ROW EXCLUSIVE MODE").execute();
      update(h, "signing_keys.retire",
          "UPDATE ${s}.signing_keys SET retired_at = :now WHERE retired_at IS NULL")
          .bind("now", now).execute();
      int inserted = update(h, "signing_keys.insert", "INSERT INTO ${s}.signing_keys ("
          + SIGNING_KEY_COLUMNS + ") VALUES (:kid, :algorithm, :privateKeyDer, :publicKeyDer, "
          + ":createdAt, NULL)")
          .bind("kid", next.kid()).bind("algorithm", next.algorithm())
          .bind("privateKeyDer", next.privateKeyDer()).bind("publicKeyDer", next.publicKeyDer())
          .bind("createdAt", next.createdAt())
          .execute();
      return inserted;
    });
  }

  /** Binds instants as {@code timestamptz} at UTC, keeping microseconds. */
  private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
    InstantArgumentFactory() {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      return (position, statement, ctx) ->
          statement.setObject(position, value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  /**
   * Builds a {@link JdbcStore}: from a {@link JdbcStoreConfig} (the store creates and owns a
   * HikariCP pool), or over a {@link DataSource} the host manages. Arguments are checked at once;
   * {@link #build()} may be called again for another store.
   */
  public static final class Builder {
    private JdbcStoreConfig config;
    private DataSource dataSource;
    private String schema = JdbcStoreConfig.DEFAULT_SCHEMA;
    private boolean migrate = true;
    private Duration slowQueryThreshold = Duration.ofMillis(100);
    private SlowQueryListener slowQueryListener = SlowQueryListener.logging();
    private Duration healthCheckTimeout = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * Connection, pool sizes, schema, migration and slow-query threshold from {@code config}
     * (later calls of {@link #schema}, {@link #migrate}, {@link #slowQueryThreshold} override).
     */
    public Builder config(JdbcStoreConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.schema = config.schema();
      this.migrate = config.migrate();
      this.slowQueryThreshold = config.slowQueryThreshold();
      return this;
    }

    /**
     * A data source the host manages, used instead of a pool of the store's own; its pool timeout
     * is then the host's business. The store does not close it.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** The schema of Janua's tables (default {@code janua}): a lower-case SQL identifier. */
    public Builder schema(String schema) {
      Objects.requireNonNull(schema, "schema");
      this.schema = Schemas.check(schema, "schema");
      return this;
    }

    /** Whether to run the migrations when building (default true). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /** Statements taking at least this long go to the slow-query listener; zero reports all. */
    public Builder slowQueryThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "threshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("threshold must not be negative, got " + threshold);
      }
      this.slowQueryThreshold = threshold;
      return this;
    }

    /** Where slow statements are reported (default {@link SlowQueryListener#logging()}). */
    public Builder slowQueryListener(SlowQueryListener listener) {
      this.slowQueryListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The longest the {@link JdbcStore#healthCheck() health check} takes to answer (default 2 s). */
    public Builder healthCheckTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.healthCheckTimeout = timeout;
      return this;
    }

    /**
     * The store: creates the pool (unless given a data source) and migrates the schema (unless
     * told not to).
     *
     * @throws IllegalStateException when neither a config nor a data source was given, or a
     *     migration fails
     * @throws StoreUnavailableException when migrating and the database cannot be reached
     */
    public JdbcStore build() {
      if (config == null && dataSource == null) {
        throw new IllegalStateException("config or dataSource is required");
      }
      HikariDataSource pool = null;
      DataSource ds = dataSource;
      if (ds == null) {
        pool = new HikariDataSource(hikariConfig(config, schema));
        ds = pool;
      }
      try {
        if (migrate) {
          Migrations.migrate(ds, schema);
        }
        return new JdbcStore(this, ds, pool);
      } catch (RuntimeException e) {
        if (pool != null) {
          pool.close();
        }
        throw e;
      }
    }

    private static HikariConfig hikariConfig(JdbcStoreConfig c, String schema) {
      HikariConfig h = new HikariConfig();
      h.setPoolName("janua-" + schema);
      h.setJdbcUrl(c.jdbcUrl());
      if (c.username() != null) {
        h.setUsername(c.username());
      }
      if (c.password() != null) {
        h.setPassword(c.password());
      }
      h.setMaximumPoolSize(c.maximumPoolSize());
      h.setMinimumIdle(Math.min(c.poolSize(), c.maximumPoolSize()));
      h.setConnectionTimeout(c.poolTimeout().toMillis());
      // Start even when PostgreSQL is down; calls fail as unavailable until it is back.
      h.setInitializationFailTimeout(-1);
      h.addDataSourceProperty("tcpKeepAlive", "true");
      h.addDataSourceProperty("ApplicationName", "janua");
      return h;
    }
  }
}
