package dev.janua.benchmarks;

import dev.janua.Principal;
import dev.janua.cache.CachingStore;
import dev.janua.cache.TieredCache;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
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
 * {@code validate} of a token seen before, with the session-liveness check going to the JDBC store
 * behind the tiered cache (an L1 hit), against the same cached validate on the in-memory store.
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
  private Fixture inMemory;
  private String cachedToken;
  private String inMemoryToken;

  /** One engine over CachingStore(JdbcStore) with an L1-only tiered cache, one in memory. */
  @Setup(Level.Trial)
  public void setUp() {
    schema = Services.freshSchema("janua_bench_validate");
    jdbc = JdbcStore.builder().config(JdbcStoreConfig.builder().jdbcUrl(Services.databaseUrl())
        .schema(schema).build()).build();
    cached = Fixture.create(Fixture.config().build(),
        CachingStore.wrap(jdbc, TieredCache.builder().build()));
    cachedToken = cached.signUp(Fixture.EMAIL).tokens().accessToken();
    inMemory = Fixture.create(Fixture.config().build(), null);
    inMemoryToken = inMemory.signUp(Fixture.EMAIL).tokens().accessToken();
    // The first validate fills the token cache and the session's L1 entries.
    cached.engine().validate(cachedToken);
    inMemory.engine().validate(inMemoryToken);
  }

  /** Closes the pool and drops the schema. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (jdbc != null) {
      jdbc.close();
      Services.dropSchema(schema);
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
