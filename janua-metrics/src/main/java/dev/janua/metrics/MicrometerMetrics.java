package dev.janua.metrics;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.metrics.internal.Guard;
import dev.janua.metrics.internal.SafeStats;
import dev.janua.metrics.internal.SlowRequestThreshold;
import dev.janua.metrics.internal.TagValues;
import dev.janua.spi.CacheStats;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.PoolStats;
import dev.janua.spi.PoolStatsSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The Micrometer implementation of the core's {@link MetricsRecorder}. Pass it to {@code
 * AuthEngine.builder().metrics(...)}; give the same instance's {@link #requestTimer()} to the HTTP
 * adapter.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * MicrometerMetrics metrics = MicrometerMetrics.builder()
 *     .registry(registry)
 *     .cacheStats(tieredCache)          // optional, any CacheStatsSource
 *     .poolStats(jdbcStore)             // optional, any PoolStatsSource
 *     .rateLimitRules(config::rateLimitRule)
 *     .build();
 * }</pre>
 *
 * <p>Every callback is guarded: whatever the registry or a stats source throws is logged and
 * suppressed, so metrics never fail an authentication call. Tags come from bounded sets: an
 * unknown result or reason is tagged {@code other}, and no tag carries a user id, email, IP
 * address or token. The meter names are in {@link MeterNames}.
 */
public final class MicrometerMetrics implements MetricsRecorder {
  private final MeterRegistry registry;
  private final Clock clock;
  private final SafeStats.Cache cache;
  private final SafeStats.Pool pool;
  private final RequestTimer requestTimer;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final Counter refreshRotations;
  private final Counter refreshReuse;
  private final Timer hashQueueWait;
  private final Timer hashDuration;

  private MicrometerMetrics(Builder b, Duration slowThreshold) {
    this.registry = b.registry;
    this.clock = b.clock;
    this.cache = new SafeStats.Cache(b.cacheStats);
    this.pool = new SafeStats.Pool(b.poolStats);
    this.requestTimer = new RequestTimer(registry, b.ticker, slowThreshold, b.slowRequestLog);
    if (b.cacheStats != null) {
      new CacheStatsMeterBinder(b.cacheStats).bindTo(registry);
    }
    if (b.poolStats != null) {
      new PoolStatsMeterBinder(b.poolStats).bindTo(registry);
    }
    new RateLimitMeterBinder(b.rateLimitRules).bindTo(registry);
    for (String r : TagValues.signinResults()) {
      counter(MeterNames.SIGNIN_ATTEMPTS, "Signin attempts by result", "result", r);
    }
    for (String r : TagValues.signupResults()) {
      counter(MeterNames.SIGNUP_ATTEMPTS, "Signup attempts by result", "result", r);
    }
    for (String cached : new String[] {"true", "false"}) {
      tokenCounter("valid", "none", cached);
    }
    this.refreshRotations =
        Counter.builder(MeterNames.REFRESH_ROTATIONS)
            .description("Refresh tokens rotated")
            .register(registry);
    this.refreshReuse =
        Counter.builder(MeterNames.REFRESH_REUSE_DETECTIONS)
            .description("Spent refresh tokens presented again (session revoked)")
            .register(registry);
    this.hashQueueWait =
        Timer.builder(MeterNames.PASSWORD_HASH_QUEUE_WAIT)
            .description("Time a bcrypt operation waited for a hashing slot")
            .serviceLevelObjectives(
                Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2))
            .register(registry);
    this.hashDuration =
        Timer.builder(MeterNames.PASSWORD_HASH_DURATION)
            .description("Time a bcrypt hash or verify took")
            .serviceLevelObjectives(
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2))
            .register(registry);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The request timer for HTTP adapters; its statistics feed {@link #snapshot()}. */
  public RequestTimer requestTimer() {
    return requestTimer;
  }

  @Override
  public void signinAttempt(String result) {
    Guard.run(
        "MicrometerMetrics.signinAttempt",
        () ->
            counter(MeterNames.SIGNIN_ATTEMPTS, "Signin attempts by result", "result",
                    TagValues.signinResult(result))
                .increment());
  }

  @Override
  public void signupAttempt(String result) {
    Guard.run(
        "MicrometerMetrics.signupAttempt",
        () ->
            counter(MeterNames.SIGNUP_ATTEMPTS, "Signup attempts by result", "result",
                    TagValues.signupResult(result))
                .increment());
  }

  @Override
  public void tokenValidation(String result, String reason, boolean cached) {
    Guard.run(
        "MicrometerMetrics.tokenValidation",
        () ->
            tokenCounter(
                    TagValues.tokenResult(result),
                    TagValues.tokenReason(reason),
                    Boolean.toString(cached))
                .increment());
  }

  @Override
  public void refreshRotation() {
    Guard.run("MicrometerMetrics.refreshRotation", refreshRotations::increment);
  }

  @Override
  public void refreshReuseDetected() {
    Guard.run("MicrometerMetrics.refreshReuseDetected", refreshReuse::increment);
  }

  @Override
  public void rateLimitDecision(RateLimitCategory category, boolean allowed) {
    Guard.run(
        "MicrometerMetrics.rateLimitDecision",
        () -> {
          RateLimitCategory c = category == null ? RateLimitCategory.DEFAULT : category;
          String result = allowed ? "allowed" : "denied";
          counters
              .computeIfAbsent(
                  MeterNames.RATE_LIMIT_DECISIONS + "|" + c.code() + "|" + result,
                  k -> RateLimitMeterBinder.decisionCounter(registry, c, result))
              .increment();
        });
  }

  @Override
  public void passwordHash(Duration queueWait, Duration duration) {
    Guard.run(
        "MicrometerMetrics.passwordHash",
        () -> {
          if (queueWait != null && !queueWait.isNegative()) {
            hashQueueWait.record(queueWait);
          }
          if (duration != null && !duration.isNegative()) {
            hashDuration.record(duration);
          }
        });
  }

  /**
   * The guide's {@code /metrics} shape: {@code cache_stats} (hits, misses, sets,
   * hit_rate_percent, l1_cache_size, redis_connected), {@code endpoint_performance} per {@code
   * METHOD:path} (count, total_time, min_time, max_time, avg_time, error_count; times in
   * milliseconds), {@code database.connection_pool} (active, idle, pending) and {@code timestamp}
   * (ISO-8601 UTC). Without a cache or pool source, their sections report zeros. Never throws.
   */
  @Override
  public Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    CacheStats c = cache.read();
    Map<String, Object> cacheStats = new LinkedHashMap<>();
    cacheStats.put("hits", c.hits());
    cacheStats.put("misses", c.misses());
    cacheStats.put("sets", c.sets());
    cacheStats.put("hit_rate_percent", Math.round(c.hitRate() * 1000.0) / 10.0);
    cacheStats.put("l1_cache_size", c.l1Size());
    cacheStats.put("redis_connected", c.l2Connected());
    out.put("cache_stats", cacheStats);

    out.put(
        "endpoint_performance",
        Guard.get("endpoint statistics", () -> requestTimer.endpoints().snapshot(), Map.of()));

    PoolStats p = pool.read();
    Map<String, Object> connectionPool = new LinkedHashMap<>();
    connectionPool.put("active", p.active());
    connectionPool.put("idle", p.idle());
    connectionPool.put("pending", p.pending());
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("connection_pool", connectionPool);
    out.put("database", database);

    out.put(
        "timestamp",
        Guard.get("clock", () -> clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), ""));
    return out;
  }

  /** {@link #snapshot()} as JSON text. */
  public String snapshotJson() {
    return MetricsSnapshotJson.write(snapshot());
  }

  private Counter counter(String name, String description, String tagKey, String tagValue) {
    return counters.computeIfAbsent(
        name + "|" + tagValue,
        k -> Counter.builder(name).description(description).tag(tagKey, tagValue).register(registry));
  }

  private Counter tokenCounter(String result, String reason, String cached) {
    return counters.computeIfAbsent(
        MeterNames.TOKEN_VALIDATIONS + "|" + result + "|" + reason + "|" + cached,
        k ->
            Counter.builder(MeterNames.TOKEN_VALIDATIONS)
                .description("Access token validations by result, failure reason and cache use")
                .tags("result", result, "reason", reason, "cached", cached)
                .register(registry));
  }

  /**
   * Builds a {@link MicrometerMetrics}. Only {@link #registry} is required. A builder can be
   * reused; {@link #build()} copies what it holds.
   */
  public static final class Builder {
    private MeterRegistry registry;
    private CacheStatsSource cacheStats;
    private PoolStatsSource poolStats;
    private Function<RateLimitCategory, RateLimitRule> rateLimitRules = RateLimitCategory::defaultRule;
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private Duration slowRequestThreshold;
    private Map<String, String> env;
    private SlowRequestLog slowRequestLog = SlowRequestLog.slf4j();

    private Builder() {}

    /**
     * The registry to register meters in (required); a {@code PrometheusMeterRegistry} yields the
     * guide's Prometheus names.
     *
     * @throws NullPointerException if {@code registry} is null
     */
    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The cache to publish (optional): janua-cache's tiered cache or any {@link CacheStatsSource}.
     *
     * @throws NullPointerException if {@code source} is null
     */
    public Builder cacheStats(CacheStatsSource source) {
      this.cacheStats = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * The connection pool to publish (optional): janua-jdbc's store or any {@link
     * PoolStatsSource}.
     *
     * @throws NullPointerException if {@code source} is null
     */
    public Builder poolStats(PoolStatsSource source) {
      this.poolStats = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * The rate limits to publish as {@code janua_rate_limit_limit}, e.g. {@code
     * config::rateLimitRule}; defaults to the guide's limits.
     *
     * @throws NullPointerException if {@code rules} is null
     */
    public Builder rateLimitRules(Function<RateLimitCategory, RateLimitRule> rules) {
      this.rateLimitRules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * The clock of the snapshot's timestamp; defaults to {@link Clock#systemUTC()}.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The monotonic nanosecond source request durations are measured with; defaults to {@link
     * System#nanoTime()}. Tests pass a fake.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Requests slower than this are reported to the {@link SlowRequestLog}. When not set, {@code
     * LOG_SLOW_REQUEST_THRESHOLD} (milliseconds) from the environment, else 200 ms.
     *
     * @throws NullPointerException     if {@code threshold} is null
     * @throws IllegalArgumentException if {@code threshold} is negative
     */
    public Builder slowRequestThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "threshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("threshold must not be negative, got " + threshold);
      }
      this.slowRequestThreshold = threshold;
      return this;
    }

    /**
     * The environment {@code LOG_SLOW_REQUEST_THRESHOLD} is read from when no threshold is set;
     * defaults to {@link System#getenv()}.
     *
     * @throws NullPointerException if {@code env} is null
     */
    public Builder environment(Map<String, String> env) {
      this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
      return this;
    }

    /**
     * Where slow requests are reported; defaults to {@link SlowRequestLog#slf4j()}.
     *
     * @throws NullPointerException if {@code log} is null
     */
    public Builder slowRequestLog(SlowRequestLog log) {
      this.slowRequestLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * Builds the recorder and registers its meters.
     *
     * @throws IllegalStateException        if no registry was set
     * @throws dev.janua.JanuaConfigException if {@code LOG_SLOW_REQUEST_THRESHOLD} is malformed
     *                                      (it names the variable)
     */
    public MicrometerMetrics build() {
      if (registry == null) {
        throw new IllegalStateException("registry is required: call registry(MeterRegistry)");
      }
      Duration threshold =
          slowRequestThreshold != null
              ? slowRequestThreshold
              : SlowRequestThreshold.fromEnv(env != null ? env : System.getenv());
      return new MicrometerMetrics(this, threshold);
    }
  }
}
