package dev.janua.jdbc;

import dev.janua.internal.EnvReader;
import dev.janua.JanuaConfigException;
import dev.janua.jdbc.internal.DatabaseUrl;
import dev.janua.jdbc.internal.Schemas;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link JdbcStore} reaches PostgreSQL: the connection, the HikariCP pool sizes, the slow-query
 * threshold, the schema and whether to migrate it. Immutable; build it with {@link #builder()} or
 * read the performance guide's variables with {@link #fromEnv()}.
 *
 * <p>The pool follows the guide: {@code DATABASE_POOL_SIZE} connections are kept open (HikariCP
 * {@code minimumIdle}), up to {@code DATABASE_MAX_OVERFLOW} more are opened under load (HikariCP
 * {@code maximumPoolSize} is their sum), and a caller waits at most {@code DATABASE_POOL_TIMEOUT}
 * seconds for a connection (HikariCP {@code connectionTimeout}) before the store answers
 * {@link dev.janua.StoreUnavailableException}.
 *
 * <p>{@link #toString()} never prints the password.
 */
public final class JdbcStoreConfig {
  /** {@code DATABASE_URL}: {@code postgresql://user:pass@host:5432/db} or a JDBC URL. */
  public static final String DATABASE_URL = "DATABASE_URL";
  /** {@code DATABASE_POOL_SIZE}: connections kept open (default 20). */
  public static final String DATABASE_POOL_SIZE = "DATABASE_POOL_SIZE";
  /** {@code DATABASE_MAX_OVERFLOW}: extra connections under load (default 10). */
  public static final String DATABASE_MAX_OVERFLOW = "DATABASE_MAX_OVERFLOW";
  /** {@code DATABASE_POOL_TIMEOUT}: seconds to wait for a connection (default 30). */
  public static final String DATABASE_POOL_TIMEOUT = "DATABASE_POOL_TIMEOUT";
  /** {@code LOG_SLOW_QUERY_THRESHOLD}: milliseconds from which a statement is logged (default 100). */
  public static final String LOG_SLOW_QUERY_THRESHOLD = "LOG_SLOW_QUERY_THRESHOLD";
  /** {@code DATABASE_SCHEMA}: the schema of Janua's tables (default {@code janua}). */
  public static final String DATABASE_SCHEMA = "DATABASE_SCHEMA";
  /** {@code DATABASE_MIGRATE}: whether to run the migrations at startup (default true). */
  public static final String DATABASE_MIGRATE = "DATABASE_MIGRATE";

  /** The default schema of Janua's tables. */
  public static final String DEFAULT_SCHEMA = "janua";

  // Ranges, shared by fromMap (whole units of the variables) and the builder.
  private static final int MAX_CONNECTIONS = 10_000;
  private static final int MAX_POOL_TIMEOUT_SECONDS = 3600;
  private static final Duration MIN_POOL_TIMEOUT = Duration.ofMillis(250); // HikariCP's minimum
  private static final int MAX_SLOW_QUERY_MILLIS = 3_600_000;

  private final String jdbcUrl;
  private final @Nullable String username;
  private final @Nullable String password;
  private final int poolSize;
  private final int maxOverflow;
  private final Duration poolTimeout;
  private final Duration slowQueryThreshold;
  private final String schema;
  private final boolean migrate;

  private JdbcStoreConfig(Builder b) {
    this.jdbcUrl = b.jdbcUrl;
    this.username = b.username;
    this.password = b.password;
    this.poolSize = b.poolSize;
    this.maxOverflow = b.maxOverflow;
    this.poolTimeout = b.poolTimeout;
    this.slowQueryThreshold = b.slowQueryThreshold;
    this.schema = b.schema;
    this.migrate = b.migrate;
  }

  /** A builder with the guide's defaults and no URL. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.jdbcUrl = jdbcUrl;
    b.username = username;
    b.password = password;
    b.poolSize = poolSize;
    b.maxOverflow = maxOverflow;
    b.poolTimeout = poolTimeout;
    b.slowQueryThreshold = slowQueryThreshold;
    b.schema = schema;
    b.migrate = migrate;
    return b;
  }

  /**
   * Reads the configuration from the process environment.
   *
   * @throws JanuaConfigException naming the variable that is missing or malformed
   */
  public static JdbcStoreConfig fromEnv() {
    return fromMap(System.getenv());
  }

  /**
   * Reads the configuration from environment-style variables: {@value #DATABASE_URL} (required),
   * {@value #DATABASE_POOL_SIZE}, {@value #DATABASE_MAX_OVERFLOW}, {@value #DATABASE_POOL_TIMEOUT},
   * {@value #LOG_SLOW_QUERY_THRESHOLD}, {@value #DATABASE_SCHEMA}, {@value #DATABASE_MIGRATE}.
   * Blank values count as unset.
   *
   * @throws JanuaConfigException naming the variable that is missing or malformed; the message
   *     never quotes the URL, which may carry a password
   */
  public static JdbcStoreConfig fromMap(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    EnvReader r = EnvReader.of(env);
    // Secret: read with text only, so no generic message can quote it.
    String url = r.text(DATABASE_URL, null);
    if (url == null) {
      throw new JanuaConfigException(DATABASE_URL, DATABASE_URL
          + " is required, e.g. postgresql://user:pass@host:5432/janua or jdbc:postgresql://host:5432/janua");
    }
    DatabaseUrl parsed;
    try {
      parsed = DatabaseUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new JanuaConfigException(DATABASE_URL, DATABASE_URL + " is malformed: " + e.getMessage());
    }
    Builder b = builder().jdbcUrl(parsed.jdbcUrl()).username(parsed.username())
        .password(parsed.password());
    b.poolSize(r.integer(DATABASE_POOL_SIZE, 20, 0, MAX_CONNECTIONS));
    b.maxOverflow(r.integer(DATABASE_MAX_OVERFLOW, 10, 0, MAX_CONNECTIONS));
    if (b.poolSize + b.maxOverflow < 1) {
      throw new JanuaConfigException(DATABASE_MAX_OVERFLOW, DATABASE_POOL_SIZE + " + "
          + DATABASE_MAX_OVERFLOW + " must be at least 1");
    }
    b.poolTimeout(Duration.ofSeconds(
        r.integer(DATABASE_POOL_TIMEOUT, 30, 1, MAX_POOL_TIMEOUT_SECONDS)));
    b.slowQueryThreshold(Duration.ofMillis(
        r.integer(LOG_SLOW_QUERY_THRESHOLD, 100, 0, MAX_SLOW_QUERY_MILLIS)));
    String schema = r.text(DATABASE_SCHEMA, null);
    if (schema != null) {
      if (!Schemas.valid(schema)) {
        throw new JanuaConfigException(DATABASE_SCHEMA, DATABASE_SCHEMA
            + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters), got '"
            + schema + "'");
      }
      b.schema(schema);
    }
    b.migrate(r.bool(DATABASE_MIGRATE, true));
    return b.build();
  }

  /** The JDBC URL ({@code jdbc:postgresql://...}) without user information. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The user name, or {@code null} to use the URL's or the driver's default. */
  public @Nullable String username() {
    return username;
  }

  /** The password, or {@code null}. Secret: never log it. */
  public @Nullable String password() {
    return password;
  }

  /** Connections kept open: HikariCP {@code minimumIdle} ({@code DATABASE_POOL_SIZE}, 20). */
  public int poolSize() {
    return poolSize;
  }

  /** Extra connections under load ({@code DATABASE_MAX_OVERFLOW}, 10). */
  public int maxOverflow() {
    return maxOverflow;
  }

  /** HikariCP {@code maximumPoolSize}: {@link #poolSize()} plus {@link #maxOverflow()}. */
  public int maximumPoolSize() {
    return poolSize + maxOverflow;
  }

  /** Longest wait for a connection: HikariCP {@code connectionTimeout} ({@code DATABASE_POOL_TIMEOUT}, 30 s). */
  public Duration poolTimeout() {
    return poolTimeout;
  }

  /** Statements taking at least this long are logged ({@code LOG_SLOW_QUERY_THRESHOLD}, 100 ms). */
  public Duration slowQueryThreshold() {
    return slowQueryThreshold;
  }

  /** The schema of Janua's tables ({@code DATABASE_SCHEMA}, {@code janua}). */
  public String schema() {
    return schema;
  }

  /** Whether {@link JdbcStore} runs the migrations at startup ({@code DATABASE_MIGRATE}, true). */
  public boolean migrate() {
    return migrate;
  }

  /** Every setting except the password, which shows as {@code ****} when set. */
  @Override
  public String toString() {
    return "JdbcStoreConfig[jdbcUrl=" + DatabaseUrl.redact(jdbcUrl) + ", username=" + username
        + ", password=" + (password == null ? "null" : "****") + ", poolSize=" + poolSize
        + ", maxOverflow=" + maxOverflow + ", poolTimeout=" + poolTimeout
        + ", slowQueryThreshold=" + slowQueryThreshold + ", schema=" + schema
        + ", migrate=" + migrate + "]";
  }

  /**
   * Builds a {@link JdbcStoreConfig}. Each setter checks its argument at once and names it, with
   * the environment variable it stands for, in the {@link IllegalArgumentException}; the ranges
   * are those of the variables. {@link #build()} copies the settings, so a builder can be reused.
   * Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String jdbcUrl;
    private @Nullable String username;
    private @Nullable String password;
    private int poolSize = 20;
    private int maxOverflow = 10;
    private Duration poolTimeout = Duration.ofSeconds(30);
    private Duration slowQueryThreshold = Duration.ofMillis(100);
    private String schema = DEFAULT_SCHEMA;
    private boolean migrate = true;

    private Builder() {}

    /**
     * The database ({@code DATABASE_URL}), as {@code postgresql://user:pass@host:5432/db} or a
     * JDBC URL; user information in the URL sets {@link #username} and {@link #password}.
     *
     * @throws IllegalArgumentException when it is neither form (the message does not quote it)
     */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      DatabaseUrl parsed;
      try {
        parsed = DatabaseUrl.parse(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("url (" + DATABASE_URL + ") is malformed: "
            + e.getMessage());
      }
      this.jdbcUrl = parsed.jdbcUrl();
      if (parsed.username() != null) {
        this.username = parsed.username();
      }
      if (parsed.password() != null) {
        this.password = parsed.password();
      }
      return this;
    }

    /**
     * A JDBC URL as is, {@code jdbc:postgresql://...} ({@code DATABASE_URL}).
     *
     * @throws IllegalArgumentException when it is not a PostgreSQL JDBC URL
     */
    public Builder jdbcUrl(String jdbcUrl) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("jdbcUrl (" + DATABASE_URL
            + ") must start with jdbc:postgresql:");
      }
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /** The user name, or {@code null}. */
    public Builder username(@Nullable String username) {
      this.username = username;
      return this;
    }

    /** The password, or {@code null}. */
    public Builder password(@Nullable String password) {
      this.password = password;
      return this;
    }

    /**
     * Connections kept open, HikariCP {@code minimumIdle} ({@code DATABASE_POOL_SIZE}): 0 to
     * 10000.
     *
     * @throws IllegalArgumentException when out of range
     */
    public Builder poolSize(int poolSize) {
      this.poolSize = connections(poolSize, "poolSize", DATABASE_POOL_SIZE);
      return this;
    }

    /**
     * Extra connections under load ({@code DATABASE_MAX_OVERFLOW}): 0 to 10000.
     *
     * @throws IllegalArgumentException when out of range
     */
    public Builder maxOverflow(int maxOverflow) {
      this.maxOverflow = connections(maxOverflow, "maxOverflow", DATABASE_MAX_OVERFLOW);
      return this;
    }

    private static int connections(int value, String name, String variable) {
      if (value < 0 || value > MAX_CONNECTIONS) {
        throw new IllegalArgumentException(name + " (" + variable + ") must be from 0 to "
            + MAX_CONNECTIONS + ", got " + value);
      }
      return value;
    }

    /**
     * Longest wait for a pooled connection ({@code DATABASE_POOL_TIMEOUT}): 250 ms (HikariCP's
     * minimum) to 3600 s.
     *
     * @throws IllegalArgumentException when out of range
     */
    public Builder poolTimeout(Duration poolTimeout) {
      Objects.requireNonNull(poolTimeout, "poolTimeout");
      if (poolTimeout.compareTo(MIN_POOL_TIMEOUT) < 0
          || poolTimeout.compareTo(Duration.ofSeconds(MAX_POOL_TIMEOUT_SECONDS)) > 0) {
        throw new IllegalArgumentException("poolTimeout (" + DATABASE_POOL_TIMEOUT
            + ") must be from 250 ms to " + MAX_POOL_TIMEOUT_SECONDS + " s, got " + poolTimeout);
      }
      this.poolTimeout = poolTimeout;
      return this;
    }

    /**
     * Statements taking at least this long are logged ({@code LOG_SLOW_QUERY_THRESHOLD}): zero
     * (every statement) to one hour.
     *
     * @throws IllegalArgumentException when out of range
     */
    public Builder slowQueryThreshold(Duration slowQueryThreshold) {
      Objects.requireNonNull(slowQueryThreshold, "slowQueryThreshold");
      if (slowQueryThreshold.isNegative()
          || slowQueryThreshold.compareTo(Duration.ofMillis(MAX_SLOW_QUERY_MILLIS)) > 0) {
        throw new IllegalArgumentException("slowQueryThreshold (" + LOG_SLOW_QUERY_THRESHOLD
            + ") must be from 0 to 1 h, got " + slowQueryThreshold);
      }
      this.slowQueryThreshold = slowQueryThreshold;
      return this;
    }

    /**
     * The schema of Janua's tables ({@code DATABASE_SCHEMA}): a lower-case SQL identifier.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public Builder schema(String schema) {
      Objects.requireNonNull(schema, "schema");
      this.schema = Schemas.check(schema, "schema (" + DATABASE_SCHEMA + ")");
      return this;
    }

    /** Whether to run the migrations at startup ({@code DATABASE_MIGRATE}). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException when no URL was given, or the pool could hold no connection
     */
    public JdbcStoreConfig build() {
      if (jdbcUrl == null) {
        throw new IllegalStateException("url (" + DATABASE_URL + ") is required");
      }
      if (poolSize + maxOverflow < 1) {
        throw new IllegalStateException("poolSize + maxOverflow (" + DATABASE_POOL_SIZE + " + "
            + DATABASE_MAX_OVERFLOW + ") must be at least 1");
      }
      return new JdbcStoreConfig(this);
    }
  }
}
