package dev.janua.metrics;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.metrics.internal.BoundStats;
import dev.janua.metrics.internal.Guard;
import dev.janua.metrics.internal.GuideSnapshot;
import dev.janua.metrics.internal.SlowRequestThreshold;
import dev.janua.metrics.internal.TagValues;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.PoolStatsSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The Micrometer implementation of the core's {@link MetricsRecorder}. The usual way in is {@link
 * MicrometerPlugin}, which builds one per engine and binds the cache and pool that other plugins
 * provide. Built by hand, pass it to {@code AuthEngine.builder().metrics(...)} and give the same
 * instance's {@link #requestTimer()} to the HTTP adapter:
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
 * unknown operation, result or reason is tagged {@code other}, and no tag carries a user id, email,
 * IP address or token. The meter names are in {@link MeterNames}.
 */
public final class MicrometerMetrics implements MetricsRecorder {
  private final MeterRegistry registry;
  private final Clock clock;
  private final BoundStats.Caches caches = new BoundStats.Caches();
  private final BoundStats.Pools pools = new BoundStats.Pools();
  private final RequestTimer requestTimer;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  // meters that read state (stats sources, rules): removed again by removeStateMeters()
  private final List<Meter> stateMeters = new CopyOnWriteArrayList<>();
  private final Counter refreshRotations;
  private final Counter refreshReuse;
  private final Timer hashQueueWait;
  private final Timer hashDuration;

  private MicrometerMetrics(Settings s) {
    this.registry = s.registry();
    this.clock = s.clock();
    this.requestTimer = s.requestTimer() != null
        ? s.requestTimer()
        : new RequestTimer(registry, s.ticker(), s.slowRequestThreshold(), s.slowRequestLog());
    if (s.cacheStats() != null) {
      bindCacheStats(s.cacheStats());
    }
    if (s.poolStats() != null) {
      bindPoolStats(s.poolStats());
    }
    stateMeters.addAll(new RateLimitMeterBinder(s.rateLimitRules()).register(registry));
    for (String op : TagValues.operations()) {
      operationCounter(op, "success");
    }
    for (String r : TagValues.signinResults()) {
      counter(MeterNames.SIGNIN_ATTEMPTS, "Signin attempts by result", "result", r);
    }
    for (String r : TagValues.signupResults()) {
      counter(MeterNames.SIGNUP_ATTEMPTS, "Signup attempts by result", "result", r);
    }
    for (String r : TagValues.refreshResults()) {
      counter(MeterNames.REFRESH_ATTEMPTS, "Refresh attempts by result", "result", r);
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

  /** Builds a recorder from settings the caller has checked (the plugin's). */
  static MicrometerMetrics create(Settings settings) {
    return new MicrometerMetrics(settings);
  }

  /** The request timer for HTTP adapters; its statistics feed {@link #snapshot()}. */
  public RequestTimer requestTimer() {
    return requestTimer;
  }

  /**
   * Publishes a cache as well: its counters join the {@code janua_cache_*} meters and the
   * snapshot's {@code cache_stats}. The first cache bound registers those meters; with several,
   * each counter is their sum (and {@code l2_connected} needs every one connected). Binding the
   * same source again changes nothing. Never throws for a registry failure (it is logged).
   *
   * @throws NullPointerException if {@code source} is null
   */
  public void bindCacheStats(CacheStatsSource source) {
    Objects.requireNonNull(source, "source");
    synchronized (caches) {
      boolean first = caches.isEmpty();
      if (caches.add(source) && first) {
        stateMeters.addAll(Guard.get("binding the cache meters",
            () -> new CacheStatsMeterBinder(caches).register(registry), List.of()));
      }
    }
  }

  /**
   * Publishes a connection pool as well: its state joins the {@code janua_db_connections_*}
   * gauges and the snapshot's {@code database.connection_pool}. The first pool bound registers the
   * gauges; with several, each is their sum. Binding the same source again changes nothing. Never
   * throws for a registry failure (it is logged).
   *
   * @throws NullPointerException if {@code source} is null
   */
  public void bindPoolStats(PoolStatsSource source) {
    Objects.requireNonNull(source, "source");
    synchronized (pools) {
      boolean first = pools.isEmpty();
      if (pools.add(source) && first) {
        stateMeters.addAll(Guard.get("binding the pool meters",
            () -> new PoolStatsMeterBinder(pools).register(registry), List.of()));
      }
    }
  }

  /**
   * Removes the meters that read state (the cache and pool meters, the rate-limit limits) from the
   * registry, which stays open: a closed engine's cache or pool is no longer read by a scrape, and
   * a new engine on the same registry publishes its own. Counters and timers stay, so a rebuilt
   * engine keeps counting on. Never throws.
   */
  void removeStateMeters() {
    for (Meter m : stateMeters) {
      Guard.run("removing meter " + m.getId().getName(), () -> registry.remove(m));
    }
    stateMeters.clear();
  }

  /**
   * Counts the operation in {@code janua_operations_total{operation, result}}; signin and signup
   * also go to their attempt counters (through {@link MetricsRecorder#operation}'s default), and
   * refresh to {@code janua_auth_refresh_attempts_total{result}}.
   */
  @Override
  public void operation(String operation, String result) {
    Guard.run(
        "MicrometerMetrics.operation",
        () -> operationCounter(TagValues.operation(operation), TagValues.operationResult(result))
            .increment());
    MetricsRecorder.super.operation(operation, result);
    if ("refresh".equals(operation)) {
      Guard.run(
          "MicrometerMetrics.refreshAttempt",
          () ->
              counter(MeterNames.REFRESH_ATTEMPTS, "Refresh attempts by result", "result",
                      TagValues.refreshResult(result))
                  .increment());
    }
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
  public void notification(String kind, String result) {
    Guard.run("MicrometerMetrics.notification", () -> counters.computeIfAbsent(
        MeterNames.NOTIFICATIONS + "|" + kind + "|" + result,
        k -> Counter.builder(MeterNames.NOTIFICATIONS)
            .description("Notification deliveries by kind and result")
            .tags("kind", kind, "result", result)
            .register(registry)).increment());
  }

  @Override
  public void retentionPurged(String kind, long count) {
    Guard.run("MicrometerMetrics.retentionPurged", () -> counters.computeIfAbsent(
        MeterNames.RETENTION_PURGED + "|" + kind,
        k -> Counter.builder(MeterNames.RETENTION_PURGED)
            .description("Rows deleted by the retention purge, by kind")
            .tags("kind", kind)
            .register(registry)).increment(count));
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
    return GuideSnapshot.of(
        caches.cacheStats(),
        Guard.get("endpoint statistics", () -> requestTimer.endpoints().snapshot(), Map.of()),
        pools.poolStats(),
        Guard.get("clock", () -> clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), ""));
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

  private Counter operationCounter(String operation, String result) {
    return counters.computeIfAbsent(
        MeterNames.OPERATIONS + "|" + operation + "|" + result,
        k ->
            Counter.builder(MeterNames.OPERATIONS)
                .description("Engine operations by name and result")
                .tags("operation", operation, "result", result)
                .register(registry));
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
   * What one recorder is built from: an immutable copy of a builder (or of a {@link
   * MicrometerPlugin}'s settings), checked by whoever made it.
   *
   * @param cacheStats   the first cache to bind, or null
   * @param poolStats    the first pool to bind, or null
   * @param requestTimer the request timer to share, or null for a new one
   */
  record Settings(
      MeterRegistry registry,
      Clock clock,
      LongSupplier ticker,
      Duration slowRequestThreshold,
      SlowRequestLog slowRequestLog,
      Function<RateLimitCategory, RateLimitRule> rateLimitRules,
      @Nullable CacheStatsSource cacheStats,
      @Nullable PoolStatsSource poolStats,
      @Nullable RequestTimer requestTimer) {}

  /**
   * Builds a {@link MicrometerMetrics}. Only {@link #registry} is required; every setter checks its
   * argument at once. A builder can be reused: {@link #build()} copies what it holds.
   */
  public static final class Builder {
    private @Nullable MeterRegistry registry;
    private @Nullable CacheStatsSource cacheStats;
    private @Nullable PoolStatsSource poolStats;
    private Function<RateLimitCategory, RateLimitRule> rateLimitRules = RateLimitCategory::defaultRule;
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private @Nullable Duration slowRequestThreshold;
    private @Nullable Map<String, String> env;
    private SlowRequestLog slowRequestLog = SlowRequestLog.slf4j();

    private Builder() {}

    /**
     * The registry to register meters in (required); a {@code PrometheusMeterRegistry} yields the
     * guide's Prometheus names. The recorder never closes it.
     *
     * @throws NullPointerException if {@code registry} is null
     */
    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * A cache to publish (optional): janua-cache's tiered cache or any {@link CacheStatsSource}.
     * More can be bound later with {@link MicrometerMetrics#bindCacheStats}.
     *
     * @throws NullPointerException if {@code source} is null
     */
    public Builder cacheStats(CacheStatsSource source) {
      this.cacheStats = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * A connection pool to publish (optional): janua-jdbc's store or any {@link
     * PoolStatsSource}. More can be bound later with {@link MicrometerMetrics#bindPoolStats}.
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
     * Requests slower than this are reported to the {@link SlowRequestLog}
     * ({@code LOG_SLOW_REQUEST_THRESHOLD} in code). When not set, {@code
     * LOG_SLOW_REQUEST_THRESHOLD} (milliseconds) from the {@link #environment}, else 200 ms.
     *
     * @throws NullPointerException     if {@code threshold} is null
     * @throws IllegalArgumentException naming {@code LOG_SLOW_REQUEST_THRESHOLD} if {@code
     *                                  threshold} is negative or over an hour
     */
    public Builder slowRequestThreshold(Duration threshold) {
      this.slowRequestThreshold = SlowRequestThreshold.check(threshold);
      return this;
    }

    /**
     * The environment {@code LOG_SLOW_REQUEST_THRESHOLD} is read from when no threshold is set;
     * defaults to {@link System#getenv()}. The value is checked at once.
     *
     * @throws NullPointerException         if {@code env} is null
     * @throws dev.janua.JanuaConfigException if {@code LOG_SLOW_REQUEST_THRESHOLD} is malformed
     *                                      (it names the variable)
     */
    public Builder environment(Map<String, String> env) {
      Map<String, String> copy = Map.copyOf(Objects.requireNonNull(env, "env"));
      SlowRequestThreshold.fromEnv(copy);
      this.env = copy;
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
      return new MicrometerMetrics(new Settings(registry, clock, ticker, threshold,
          slowRequestLog, rateLimitRules, cacheStats, poolStats, null));
    }
  }
}
