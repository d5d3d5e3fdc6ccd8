package dev.janua.benchmarks;

import dev.janua.AuthResult;
import dev.janua.internal.RefreshTokens;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import io.jsonwebtoken.Jwts;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code refresh} on the JDBC store (no cache) against its floor: the same statements Janua's
 * rotation runs, in plain JDBC on one open connection and in one transaction (one commit, as
 * Janua pays): the conditional {@code UPDATE ... RETURNING} that spends the presented token (joined
 * with its session), the {@code INSERT} of its successor, the session's {@code last_used_at}
 * touch and the audit row, committed; then the owner's primary-key read (autocommit, on a second
 * connection, as Janua reads it through its pool) and one RS256 signature of
 * the same claims with the same key. The floor rotates its own chain (a second account) in the
 * same schema and tables. Needs PostgreSQL (see {@link Services}); a fresh schema per trial.
 *
 * <p>Until issue 16 the floor paid two commits (the spend and the insert in autocommit) and ran
 * two statements on a table of its own; docs/performance.md keeps those numbers in its history.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcRefreshBenchmark {
  private String schema;
  private JdbcStore jdbc;
  private Fixture fixture;
  private String refresh;

  private Connection connection;
  private Connection reads;
  private PreparedStatement spend;
  private PreparedStatement insert;
  private PreparedStatement touch;
  private PreparedStatement audit;
  private PreparedStatement user;
  private PrivateKey privateKey;
  private String kid;
  private String floorHash;
  private String sealed;
  private final SecureRandom random = new SecureRandom();

  /** An engine over a fresh JdbcStore schema; the floor's account and statements in it. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    schema = Services.freshSchema("janua_bench_refresh");
    jdbc = JdbcStore.builder().config(JdbcStoreConfig.builder().jdbcUrl(Services.databaseUrl())
        .schema(schema).build()).build();
    fixture = Fixture.create(Fixture.config().build(), jdbc);
    refresh = fixture.signUp(Fixture.EMAIL).tokens().refreshToken();
    privateKey = fixture.key().privateKey();
    kid = fixture.key().kid();
    // The floor's own chain: a second account's first refresh token, by its hash.
    floorHash = RefreshTokens.hash(fixture.signUp("floor-" + Fixture.EMAIL).tokens().refreshToken());
    // Janua seals the successor (for the reuse grace) and binds the sealed text: so does the floor.
    sealed = fixture.engine().config().refreshReuseGrace().isZero() ? null : newHash() + newHash();

    String q = "\"" + schema + "\".";
    connection = DriverManager.getConnection(Services.databaseUrl());
    connection.setAutoCommit(false);
    spend = connection.prepareStatement("UPDATE " + q + "refresh_tokens t SET spent_at = ?, "
        + "successor_hash = ?, sealed_successor = ? FROM " + q + "sessions s "
        + "WHERE t.token_hash = ? AND t.spent_at IS NULL AND t.expires_at > ? "
        + "AND s.id = t.session_id AND s.revoked_at IS NULL AND s.expires_at > ? "
        + "RETURNING s.id, s.user_id, s.ip_address, s.user_agent, s.created_at, s.expires_at");
    insert = connection.prepareStatement("INSERT INTO " + q + "refresh_tokens (token_hash, "
        + "session_id, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    touch = connection.prepareStatement("UPDATE " + q + "sessions SET last_used_at = ? WHERE id = ?");
    audit = connection.prepareStatement("INSERT INTO " + q + "audit_logs (id, event_type, user_id, "
        + "session_id, organization_id, ip_address, user_agent, details, created_at) VALUES (?, ?, "
        + "?, ?, ?, ?, ?, jsonb_object(CAST(? AS text[]), CAST(? AS text[])), ?)");
    reads = DriverManager.getConnection(Services.databaseUrl());
    user = reads.prepareStatement("SELECT id, email, name, password_hash, is_active, "
        + "created_at, updated_at FROM " + q + "users WHERE id = ?");
    floor();
  }

  /** Closes the connection and the pool, and drops the schema. */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    if (connection != null) {
      connection.close();
      reads.close();
    }
    if (jdbc != null) {
      jdbc.close();
      Services.dropSchema(schema);
    }
  }

  private String newHash() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Janua: rotate in one transaction, load the user, sign a new access token. */
  @Benchmark
  public AuthResult janua() {
    AuthResult r = fixture.engine().refresh(refresh, Fixture.CLIENT);
    refresh = r.tokens().refreshToken();
    return r;
  }

  /**
   * The floor: spend, insert, touch and audit in one transaction (one commit), the owner's read,
   * one RS256 signature.
   */
  @Benchmark
  public String floor() throws SQLException {
    Instant now = Instant.now();
    Timestamp ts = Timestamp.from(now);
    String next = newHash();
    String session;
    String userId;
    try {
      spend.setTimestamp(1, ts);
      spend.setString(2, next);
      spend.setString(3, sealed);
      spend.setString(4, floorHash);
      spend.setTimestamp(5, ts);
      spend.setTimestamp(6, ts);
      try (ResultSet rs = spend.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("the floor's token was not spendable");
        }
        session = rs.getString(1);
        userId = rs.getString(2);
        rs.getString(3);
        rs.getString(4);
        rs.getTimestamp(5);
        rs.getTimestamp(6);
      }
      insert.setString(1, next);
      insert.setString(2, session);
      insert.setString(3, userId);
      insert.setTimestamp(4, ts);
      insert.setTimestamp(5, Timestamp.from(now.plus(Duration.ofDays(30))));
      insert.executeUpdate();
      touch.setTimestamp(1, ts);
      touch.setString(2, session);
      touch.executeUpdate();
      audit.setString(1, UUID.randomUUID().toString());
      audit.setString(2, "token_refreshed");
      audit.setString(3, userId);
      audit.setString(4, session);
      audit.setString(5, null);
      audit.setString(6, Fixture.CLIENT.ipAddress());
      audit.setString(7, Fixture.CLIENT.userAgent());
      audit.setArray(8, connection.createArrayOf("text", new String[0]));
      audit.setArray(9, connection.createArrayOf("text", new String[0]));
      audit.setTimestamp(10, ts);
      audit.executeUpdate();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
    floorHash = next;
    user.setString(1, userId);
    try (ResultSet rs = user.executeQuery()) {
      if (!rs.next() || !rs.getBoolean(5)) {
        throw new IllegalStateException("the floor's user is gone");
      }
      rs.getString(2);
    }
    return Jwts.builder().header().keyId(kid).type("at+jwt").and()
        .issuer("janua").audience().add("janua").and().subject(userId).id(UUID.randomUUID().toString())
        .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(900))).claim("sid", session)
        .signWith(privateKey, Jwts.SIG.RS256).compact();
  }
}
