package dev.janua.benchmarks;

import dev.janua.AuthResult;
import dev.janua.Principal;
import dev.janua.cache.CachePolicy;
import dev.janua.cache.CachingStore;
import dev.janua.cache.TieredCache;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
 * {@code validate} over PostgreSQL behind the tiered cache, on the path that touches the database:
 * the first request on an instance, a token it has not seen whose session is not in L1 (the token
 * cache is off and L1 holds nothing, so every call verifies the RS256 signature and reads the
 * session from PostgreSQL). The floor is what that path cannot avoid: one bare primary-key
 * {@code SELECT} of the same session row in plain JDBC on one open connection, plus one bare
 * {@code java.security.Signature} RS256 verify of the same token's signing input.
 *
 * <p>Also, for information: the L1-hit path (token cache hit, session from L1) beside the same
 * cached validate on the in-memory store. That pair never touches PostgreSQL.
 * Needs PostgreSQL (see {@link Services}); a fresh schema per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcValidateBenchmark {
  private String schema;
  private JdbcStore jdbc;
  private Fixture cached;
  private Fixture miss;
  private Fixture inMemory;
  private String cachedToken;
  private String missToken;
  private String inMemoryToken;

  private Connection connection;
  private PreparedStatement select;
  private String missSession;
  private Peers.SignedInput missSigned;
  private Peers.BareVerifier bare;

  /**
   * One JdbcStore schema; an engine over CachingStore(JdbcStore) with an L1-only tiered cache, one
   * with no token cache and an L1 that holds nothing, one in memory; the floor's connection.
   */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    schema = Services.freshSchema("janua_bench_validate");
    jdbc = JdbcStore.builder().config(JdbcStoreConfig.builder().jdbcUrl(Services.databaseUrl())
        .schema(schema).build()).build();
    cached = Fixture.create(Fixture.config().build(),
        CachingStore.wrap(jdbc, TieredCache.builder().build()));
    cachedToken = cached.signUp(Fixture.EMAIL).tokens().accessToken();
    miss = Fixture.create(Fixture.config().tokenCacheMaxSize(0).build(), CachingStore.wrap(jdbc,
        TieredCache.builder().policy(CachePolicy.builder().l1MaximumSize(0).build()).build()));
    AuthResult m = miss.signUp("miss-" + Fixture.EMAIL);
    missToken = m.tokens().accessToken();
    missSession = m.session().id();
    inMemory = Fixture.create(Fixture.config().build(), null);
    inMemoryToken = inMemory.signUp(Fixture.EMAIL).tokens().accessToken();
    // The first validate fills the token cache and the session's L1 entries.
    cached.engine().validate(cachedToken);
    inMemory.engine().validate(inMemoryToken);
    miss.engine().validate(missToken);

    connection = DriverManager.getConnection(Services.databaseUrl());
    select = connection.prepareStatement("SELECT id, user_id, ip_address, user_agent, created_at, "
        + "last_used_at, expires_at, revoked_at FROM \"" + schema + "\".sessions WHERE id = ?");
    missSigned = Peers.SignedInput.of(missToken);
    bare = new Peers.BareVerifier(miss.publicKey());
    if (!floor()) {
      throw new IllegalStateException("the floor should find the live session");
    }
  }

  /** Closes the pool and the floor's connection, and drops the schema. */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    if (connection != null) {
      connection.close();
    }
    if (jdbc != null) {
      jdbc.close();
      Services.dropSchema(schema);
    }
  }

  /** Janua, L1 miss: RS256 verify, claims, the session read from PostgreSQL through the cache. */
  @Benchmark
  public Principal januaL1Miss() {
    return miss.engine().validate(missToken);
  }

  /** The floor: a bare RS256 verify plus a bare primary-key SELECT of the session. */
  @Benchmark
  public boolean floor() throws SQLException {
    bare.verify(missSigned);
    select.setString(1, missSession);
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        return false;
      }
      rs.getString(1);
      rs.getString(2);
      rs.getString(3);
      rs.getString(4);
      rs.getTimestamp(5);
      rs.getTimestamp(6);
      Timestamp expires = rs.getTimestamp(7);
      Timestamp revoked = rs.getTimestamp(8);
      return revoked == null && expires.getTime() > System.currentTimeMillis();
    }
  }

  /** Janua over PostgreSQL behind the tiered cache: token cache hit, session from L1. */
  @Benchmark
  public Principal janua() {
    return cached.engine().validate(cachedToken);
  }

  /** The same cached validate over the in-memory store. */
  @Benchmark
  public Principal inMemoryCached() {
    return inMemory.engine().validate(inMemoryToken);
  }
}
