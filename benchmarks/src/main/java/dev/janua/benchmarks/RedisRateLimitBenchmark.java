package dev.janua.benchmarks;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import java.time.Duration;
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
 * A shared rate-limit decision on Redis ({@code engine.rateLimiter().check} over janua-redis's
 * store: both windows in one atomic script call) against one bare Lettuce {@code GET} round trip,
 * and against Bucket4j's Lettuce-based proxy manager with the same two limits (minute and hour,
 * refilled intervally like fixed windows). Needs Redis (see {@link Services}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisRateLimitBenchmark {
  private final String ip = Fixture.CLIENT.ipAddress();
  private RedisBench redis;
  private Fixture fixture;
  private byte[] getKey;
  private LettuceBasedProxyManager<byte[]> bucket4j;
  private BucketConfiguration limits;

  /** Limits on with a rule no run exhausts; the same limits for Bucket4j. */
  @Setup(Level.Trial)
  public void setUp() {
    redis = new RedisBench();
    fixture = Fixture.create(Fixture.config().rateLimitEnabled(true)
        .rateLimit(RateLimitCategory.USER_OPERATIONS,
            new RateLimitRule(Integer.MAX_VALUE, Integer.MAX_VALUE)).build(),
        null, redis.rateLimitStore);
    getKey = RedisBench.utf8(redis.prefix + "get");
    redis.bytes.sync().set(getKey, RedisBench.utf8("1"));
    bucket4j = Bucket4jLettuce.casBasedBuilder(redis.client)
        .expirationAfterWrite(ExpirationAfterWriteStrategy
            .basedOnTimeForRefillingBucketUpToMax(Duration.ofHours(1)))
        .build();
    limits = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(Integer.MAX_VALUE)
            .refillIntervally(Integer.MAX_VALUE, Duration.ofMinutes(1)).build())
        .addLimit(Bandwidth.builder().capacity(Integer.MAX_VALUE)
            .refillIntervally(Integer.MAX_VALUE, Duration.ofHours(1)).id("hour").build())
        .build();
    if (!janua().allowed() || !bucket4j().isConsumed()) {
      throw new IllegalStateException("both limiters should admit");
    }
  }

  /** Deletes the benchmark's keys and closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (redis != null) {
      redis.close();
    }
  }

  /** Janua's decision: one script call deciding and counting both windows. */
  @Benchmark
  public RateLimitDecision janua() {
    return fixture.engine().rateLimiter().check(RateLimitCategory.USER_OPERATIONS, ip);
  }

  /** The floor: one bare Lettuce GET round trip. */
  @Benchmark
  public byte[] lettuceGet() {
    return redis.bytes.sync().get(getKey);
  }

  /** Bucket4j: the client's bucket, one token, with the remaining count and the wait. */
  @Benchmark
  public ConsumptionProbe bucket4j() {
    byte[] key = RedisBench.utf8(redis.prefix + "b4j:user_operations:" + ip);
    return bucket4j.builder().build(key, () -> limits).tryConsumeAndReturnRemaining(1);
  }
}
