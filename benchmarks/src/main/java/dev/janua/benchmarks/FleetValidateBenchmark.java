package dev.janua.benchmarks;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.KeyRing;
import dev.janua.Principal;
import dev.janua.SigningKey;
import dev.janua.cache.CachePlugin;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import dev.janua.redis.RedisConnectionConfig;
import dev.janua.redis.RedisPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * {@code validate} on instance B of a two-instance fleet (one PostgreSQL schema, one Redis, the
 * acknowledged invalidation bus running its heartbeats), of a token issued by instance A, against
 * the same cached validate on a single instance (PostgreSQL behind an L1-only tiered cache). Both
 * answer the session check from L1: the bus adds nothing per validation. Needs PostgreSQL and
 * Redis (see {@link Services}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FleetValidateBenchmark {
  private String schema;
  private String prefix;
  private final List<AuthEngine> engines = new ArrayList<>();
  private AuthEngine fleetB;
  private AuthEngine single;
  private String fleetToken;
  private String singleToken;

  /** Two fleet engines and one single engine, each with a token validated once on B / single. */
  @Setup(Level.Trial)
  public void setUp() {
    schema = Services.freshSchema("janua_bench_fleet");
    prefix = schema + ":";
    KeyRing keys = KeyRing.of(SigningKey.generate("RS256"));
    AuthEngine fleetA = engine(keys, true);
    fleetB = engine(keys, true);
    single = engine(KeyRing.of(SigningKey.generate("RS256")), false);
    fleetToken = fleetA.signup(Fixture.EMAIL, "correct horse battery",
        ClientInfo.of("127.0.0.1")).tokens()
        .accessToken();
    singleToken = single.signup("single-" + Fixture.EMAIL, "correct horse battery",
        ClientInfo.of("127.0.0.1"))
        .tokens().accessToken();
    fleetB.validate(fleetToken);
    fleetB.validate(fleetToken);
    single.validate(singleToken);
    single.validate(singleToken);
  }

  private AuthEngine engine(KeyRing keys, boolean fleet) {
    JanuaConfig config = Fixture.config().build();
    JdbcStore jdbc = JdbcStore.builder().config(JdbcStoreConfig.builder()
        .jdbcUrl(Services.databaseUrl()).schema(schema).build()).build();
    AuthEngineBuilder b = AuthEngine.builder().config(config).keyRing(keys)
        .install(ctx -> ctx.store(ctx.closeOnShutdown(jdbc)))
        .install(CachePlugin.fromEnv(Map.of()));
    if (fleet) {
      b.install(RedisPlugin.of(RedisConnectionConfig.builder().url(Services.redisUrl())
          .keyPrefix(prefix).build()).withoutRateLimiter().withoutRevocationEvents());
    }
    AuthEngine engine = b.build();
    engines.add(engine);
    return engine;
  }

  /** Closes the engines (their pools and Redis connections) and drops the schema. */
  @TearDown(Level.Trial)
  public void tearDown() {
    engines.forEach(AuthEngine::close);
    Services.dropSchema(schema);
  }

  /** Instance B of the fleet: token cache hit, session from L1, bus watching in the background. */
  @Benchmark
  public Principal fleetB() {
    return fleetB.validate(fleetToken);
  }

  /** A single instance, PostgreSQL behind an L1-only tiered cache. */
  @Benchmark
  public Principal single() {
    return single.validate(singleToken);
  }
}
