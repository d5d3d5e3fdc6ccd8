package dev.janua.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.janua.Session;
import dev.janua.cache.CacheDataType;
import dev.janua.cache.CachePolicy;
import dev.janua.cache.TieredCache;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Tiered cache reads of a cached session ({@code Optional<Session>}, what the session-liveness
 * check reads) over janua-redis's L2: an L1 hit against a bare Caffeine {@code getIfPresent} of the
 * same object, and an L2 hit (a tiered cache whose L1 holds nothing, so every read asks Redis and
 * decodes) against a bare Lettuce {@code GET} of the very same Redis key and bytes. Needs Redis.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TieredCacheBenchmark {
  private static final String KEY = "session:bench-user:bench-session";

  private RedisBench redis;
  private TieredCache tiered;
  private TieredCache l2Only;
  private Cache<String, Object> caffeine;
  private byte[] redisKey;
  private final Supplier<Optional<Session>> loader = () -> {
    throw new IllegalStateException("the benchmark should never miss");
  };

  /** Both caches over the same L2, the value in both tiers, the same value in bare Caffeine. */
  @Setup(Level.Trial)
  public void setUp() {
    redis = new RedisBench();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Optional<Session> value = Optional.of(new Session("bench-session", "bench-user",
        Fixture.CLIENT.ipAddress(), Fixture.CLIENT.userAgent(), now, now, now.plus(Duration.ofDays(30)),
        null));
    // Sessions are a sensitive data type, kept out of L2 unless the policy says otherwise: this
    // benchmark measures the L2 read, so both caches keep them there.
    tiered = TieredCache.builder().remote(redis.remoteCache)
        .policy(CachePolicy.builder().sensitiveInShared(true).build()).build();
    l2Only = TieredCache.builder().remote(redis.remoteCache)
        .policy(CachePolicy.builder().sensitiveInShared(true).l1MaximumSize(0).build()).build();
    tiered.warm(KEY, value, Duration.ofHours(1));
    caffeine = Caffeine.newBuilder().maximumSize(50_000).build();
    caffeine.put(KEY, value);
    redisKey = RedisBench.utf8(redis.remoteCache.redisKey(KEY));
    if (redis.bytes.sync().get(redisKey) == null || !value.equals(l2Hit()) || !value.equals(l1Hit())) {
      throw new IllegalStateException("the value should be in both tiers");
    }
  }

  /** Deletes the benchmark's keys and closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (tiered != null) {
      tiered.close();
      l2Only.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** Janua, L1 hit. */
  @Benchmark
  public Optional<Session> l1Hit() {
    return tiered.get(KEY, CacheDataType.SESSION, loader);
  }

  /** Bare Caffeine {@code getIfPresent}. */
  @Benchmark
  public Object caffeine() {
    return caffeine.getIfPresent(KEY);
  }

  /** Janua, L2 hit: the L1 probe, one GET, the decode, the L1 fill (evicted at once). */
  @Benchmark
  public Optional<Session> l2Hit() {
    return l2Only.get(KEY, CacheDataType.SESSION, loader);
  }

  /** Bare Lettuce GET of the same key. */
  @Benchmark
  public byte[] lettuceGet() {
    return redis.bytes.sync().get(redisKey);
  }
}
