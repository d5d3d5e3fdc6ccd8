package dev.janua.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A local rate-limit decision ({@code engine.rateLimiter().check}: parse the client address, check
 * the whitelist, count both windows atomically, build the decision with its headers) against one
 * bare Caffeine {@code get} of the client's counter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LocalRateLimitBenchmark {
  // An instance field, not a constant, so that both sides build the key at run time.
  private final String ip = Fixture.CLIENT.ipAddress();
  private Fixture fixture;
  private Cache<String, AtomicLong> caffeine;

  /** Limits on, with a rule no run can exhaust, so that every decision admits and counts. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.create(Fixture.config().rateLimitEnabled(true)
        .rateLimit(RateLimitCategory.USER_OPERATIONS,
            new RateLimitRule(Integer.MAX_VALUE, Integer.MAX_VALUE))
        .build(), null);
    caffeine = Caffeine.newBuilder().maximumSize(1_000_000).build();
    caffeine.get("user_operations:" + ip, k -> new AtomicLong());
    if (!fixture.engine().rateLimiter().check(RateLimitCategory.USER_OPERATIONS, ip).allowed()) {
      throw new IllegalStateException("the decision should admit");
    }
  }

  /** Janua's decision. */
  @Benchmark
  public RateLimitDecision janua() {
    return fixture.engine().rateLimiter().check(RateLimitCategory.USER_OPERATIONS, ip);
  }

  /** The floor: one bare Caffeine {@code get} of the counter. */
  @Benchmark
  public AtomicLong caffeine() {
    return caffeine.get("user_operations:" + ip, k -> new AtomicLong());
  }
}
