package dev.janua.benchmarks;

import dev.janua.AuthResult;
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
import java.sql.Statement;
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
 * {@code refresh} on the JDBC store (no cache) against its floor: one bare RS256 signature of the
 * same claims with the same key, plus the two round trips any rotation needs, in plain JDBC on one
 * open connection: a conditional {@code UPDATE ... RETURNING} that spends the presented token and
 * an {@code INSERT} of its successor (each committed, as the rotation must be durable).
 * Needs PostgreSQL (see {@link Services}); fresh schemas per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcRefreshBenchmark {
  private String schema;
  private String floorSchema;
  private JdbcStore jdbc;
  private Fixture fixture;
  private String refresh;

  private Connection connection;
  private PreparedStatement spend;
  private PreparedStatement insert;
  private PrivateKey privateKey;
  private String kid;
  private String floorToken;
  private final SecureRandom random = new SecureRandom();

  /** An engine over a fresh JdbcStore schema, and the floor's table in its own schema. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    schema = Services.freshSchema("janua_bench_refresh");
    jdbc = JdbcStore.builder().config(JdbcStoreConfig.builder().jdbcUrl(Services.databaseUrl())
        .schema(schema).build()).build();
    fixture = Fixture.create(Fixture.config().build(), jdbc);
    refresh = fixture.signUp(Fixture.EMAIL).tokens().refreshToken();
    privateKey = fixture.key().privateKey();
    kid = fixture.key().kid();

    floorSchema = Services.freshSchema("janua_bench_floor");
    connection = DriverManager.getConnection(Services.databaseUrl());
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA \"" + floorSchema + "\"");
      s.execute("CREATE TABLE \"" + floorSchema + "\".tokens (token_hash text PRIMARY KEY, "
          + "session_id text NOT NULL, issued_at timestamptz NOT NULL, spent_at timestamptz)");
    }
    spend = connection.prepareStatement("UPDATE \"" + floorSchema + "\".tokens SET spent_at = now() "
        + "WHERE token_hash = ? AND spent_at IS NULL RETURNING session_id");
    insert = connection.prepareStatement("INSERT INTO \"" + floorSchema + "\".tokens "
        + "(token_hash, session_id, issued_at) VALUES (?, ?, now())");
    floorToken = newHash();
    insert.setString(1, floorToken);
    insert.setString(2, "s1");
    insert.executeUpdate();
  }

  /** Closes connections and drops both schemas. */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    if (connection != null) {
      connection.close();
      Services.dropSchema(floorSchema);
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

  /** The floor: spend and insert (two committed round trips) and one RS256 signature. */
  @Benchmark
  public String floor() throws SQLException {
    spend.setString(1, floorToken);
    String session;
    try (ResultSet rs = spend.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("the floor's token was not spendable");
      }
      session = rs.getString(1);
    }
    String next = newHash();
    insert.setString(1, next);
    insert.setString(2, session);
    insert.executeUpdate();
    floorToken = next;
    Instant now = Instant.now();
    return Jwts.builder().header().keyId(kid).type("at+jwt").and()
        .issuer("janua").audience().add("janua").and().subject("user").id(UUID.randomUUID().toString())
        .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(900))).claim("sid", session)
        .signWith(privateKey, Jwts.SIG.RS256).compact();
  }
}
