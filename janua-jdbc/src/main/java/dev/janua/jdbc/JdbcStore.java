package dev.janua.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.janua.ConflictException;
import dev.janua.StoreUnavailableException;
import dev.janua.jdbc.internal.StartupProbe;
import dev.janua.jdbc.internal.DatabaseHealthCheck;
import dev.janua.jdbc.internal.Db;
import dev.janua.jdbc.internal.JdbcAccountTokens;
import dev.janua.jdbc.internal.JdbcDevices;
import dev.janua.jdbc.internal.JdbcFactors;
import dev.janua.jdbc.internal.JdbcPasskeys;
import dev.janua.spi.DeviceStore;
import dev.janua.spi.FactorStore;
import dev.janua.spi.PasskeyStore;
import dev.janua.jdbc.internal.JdbcAudit;
import dev.janua.jdbc.internal.JdbcInvitations;
import dev.janua.jdbc.internal.JdbcRetention;
import dev.janua.jdbc.internal.JdbcOrganizations;
import dev.janua.jdbc.internal.JdbcApiTokens;
import dev.janua.jdbc.internal.JdbcSessions;
import dev.janua.jdbc.internal.JdbcSigningKeys;
import dev.janua.jdbc.internal.JdbcUsers;
import dev.janua.jdbc.internal.Migrations;
import dev.janua.jdbc.internal.Schemas;
import dev.janua.jdbc.internal.SlowQueryLogger;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.InvitationStore;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.PoolStats;
import dev.janua.spi.PoolStatsSource;
import dev.janua.spi.RetentionStore;
import dev.janua.spi.SessionStore;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.UserStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL {@link Store}: Jdbi over a HikariCP pool and the PostgreSQL driver, the schema
 * kept by Flyway migrations shipped in this jar. One object per aggregate ({@link #users()},
 * {@link #sessions()}, {@link #organizations()}, {@link #audit()}, {@link #signingKeys()}), all on
 * one Jdbi and one pool. Every operation is atomic (one statement or one transaction), operations
 * that span aggregates (signup, a password change revoking sessions) included; instances on the
 * same database share everything, so a fleet of hosts sees one set of users, sessions and keys.
 *
 * <pre>{@code
 * AuthEngine engine = AuthEngine.builder().install(JdbcPlugin.fromEnv()).build();
 * // or by hand:
 * JdbcStore store = JdbcStore.builder().config(JdbcStoreConfig.fromEnv()).build();
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
  private final @Nullable HikariDataSource ownedPool;
  private final String schema;
  private final ExecutorService healthExecutor;
  private final HealthCheck healthCheck;
  private final UserStore users;
  private final AccountTokenStore accountTokens;
  private final SessionStore sessions;
  private final OrganizationStore organizations;
  private final AuditStore audit;
  private final SigningKeyStore signingKeys;
  private final ApiTokenStore apiTokens;
  private final InvitationStore invitations;
  private final RetentionStore retention;
  private final DeviceStore devices;
  private final FactorStore factors;
  private final PasskeyStore passkeys;

  private JdbcStore(Builder b, DataSource dataSource, @Nullable HikariDataSource ownedPool) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.schema = b.schema;
    Db db = Db.create(dataSource, b.schema,
        new SlowQueryLogger(b.slowQueryThreshold, b.slowQueryListener));
    this.users = new JdbcUsers(db);
    this.sessions = new JdbcSessions(db);
    this.organizations = new JdbcOrganizations(db);
    this.audit = new JdbcAudit(db);
    this.signingKeys = new JdbcSigningKeys(db);
    this.apiTokens = new JdbcApiTokens(db);
    this.accountTokens = new JdbcAccountTokens(db);
    this.invitations = new JdbcInvitations(db);
    this.retention = new JdbcRetention(db);
    this.devices = new JdbcDevices(db);
    this.factors = new JdbcFactors(db);
    this.passkeys = new JdbcPasskeys(db);
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
   * @throws IllegalArgumentException when {@code schema} is not a valid schema name
   * @throws StoreUnavailableException when the database cannot be reached
   * @throws IllegalStateException when a migration fails
   */
  public static int migrate(DataSource dataSource, String schema) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(schema, "schema");
    return Migrations.migrate(dataSource, Schemas.check(schema, "schema"));
  }

  /** Known devices ({@code devices}): hashed device tokens. */
  @Override
  public DeviceStore devices() {
    return devices;
  }

  /** Second factors and recovery codes ({@code mfa_factors}, {@code mfa_recovery_codes}). */
  @Override
  public FactorStore factors() {
    return factors;
  }

  /** Passkeys and their challenges ({@code passkeys}, {@code passkey_challenges}). */
  @Override
  public PasskeyStore passkeys() {
    return passkeys;
  }

  /** One-time account tokens ({@code account_tokens}). */
  @Override
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }

  /** Users and their credentials ({@code users}). */
  @Override
  public UserStore users() {
    return users;
  }

  /** Sessions and refresh tokens ({@code sessions}, {@code refresh_tokens}). */
  @Override
  public SessionStore sessions() {
    return sessions;
  }

  /**
   * Organizations, members and roles; membership changes that could take away the last active
   * owner serialize per organization, across every instance on the database.
   */
  @Override
  public OrganizationStore organizations() {
    return organizations;
  }

  /** The audit log ({@code audit_logs}). */
  @Override
  public AuditStore audit() {
    return audit;
  }

  /** Signing keys shared by every instance on the database ({@code signing_keys}). */
  @Override
  public SigningKeyStore signingKeys() {
    return signingKeys;
  }

  /** API tokens ({@code api_tokens}). */
  @Override
  public ApiTokenStore apiTokens() {
    return apiTokens;
  }

  /**
   * Invitations into organizations ({@code invitations}); accepting one writes the membership in
   * the same transaction.
   */
  @Override
  public InvitationStore invitations() {
    return invitations;
  }

  /**
   * Retention: deletes ended sessions, spent and expired tokens and old audit rows in batches
   * ({@code FOR UPDATE SKIP LOCKED}, one short transaction each), safe on every instance at once.
   */
  @Override
  public RetentionStore retention() {
    return retention;
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

  /**
   * Closes the pool this store created (not a data source it was given), and the health check's
   * threads: later calls on a store with its own pool fail with {@link
   * StoreUnavailableException}, and the health check answers down. Closing again does nothing.
   */
  @Override
  public void close() {
    healthExecutor.shutdownNow();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  /**
   * Builds a {@link JdbcStore}: from a {@link JdbcStoreConfig} (the store creates and owns a
   * HikariCP pool), or over a {@link DataSource} the host manages. Arguments are checked at once;
   * {@link #build()} may be called again for another store.
   */
  public static final class Builder {
    private @Nullable JdbcStoreConfig config;
    private @Nullable DataSource dataSource;
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
      Objects.requireNonNull(threshold, "slowQueryThreshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("slowQueryThreshold must not be negative, got "
            + threshold);
      }
      this.slowQueryThreshold = threshold;
      return this;
    }

    /** Where slow statements are reported (default {@link SlowQueryListener#logging()}). */
    public Builder slowQueryListener(SlowQueryListener listener) {
      this.slowQueryListener = Objects.requireNonNull(listener, "slowQueryListener");
      return this;
    }

    /** The longest the {@link JdbcStore#healthCheck() health check} takes to answer (default 2 s). */
    public Builder healthCheckTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "healthCheckTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("healthCheckTimeout (the health check's timeout) must "
            + "be positive, got " + timeout);
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
     * @throws StoreUnavailableException when migrating and the database cannot be reached (with
     *     the driver's reason, within about five seconds on a pool of the store's own)
     * @throws dev.janua.JanuaConfigException naming {@code DATABASE_URL} when the store has its own
     *     pool and PostgreSQL refuses the role, the database or the password (its reason quoted,
     *     the password never), or the URL is not PostgreSQL's
     */
    public JdbcStore build() {
      if (config == null && dataSource == null) {
        throw new IllegalStateException("config or dataSource is required");
      }
      HikariDataSource pool = null;
      DataSource ds = dataSource;
      if (ds == null) {
        // Before the pool: a role, database or password the server refuses fails here at once,
        // with PostgreSQL's reason, instead of after the pool's connection timeout.
        StartupProbe.check(config.jdbcUrl(), config.username(), config.password(), migrate);
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
