package dev.janua.metrics;

import dev.janua.JanuaConfig;
import dev.janua.metrics.internal.SlowRequestThreshold;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PluginContext;
import dev.janua.spi.PoolStatsSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Installs Micrometer metrics on an engine: {@code AuthEngine.builder().install(
 * MicrometerPlugin.fromEnv(registry))}.
 *
 * <p>On install it builds a {@link MicrometerMetrics} recorder that publishes the engine's own
 * rate-limit rules and stamps the snapshot with the engine's clock, and sets it as the engine's
 * metrics. Once every plugin is installed, it binds every {@link CacheStatsSource} (janua-cache's
 * tiered cache) and {@link PoolStatsSource} (janua-jdbc's pool) the other plugins provide, so the
 * order of {@code install} calls does not matter. It also provides its {@link RequestTimer} to the
 * other plugins.
 *
 * <p>The registry belongs to the host: the plugin never closes it. When the engine closes, the
 * meters that read the engine's state (cache, pool, rate-limit limits) are removed from the
 * registry again; counters and timers stay. One {@code MicrometerPlugin} may serve several builds
 * in turn; all of them share its {@link #requestTimer()}.
 */
public final class MicrometerPlugin implements JanuaPlugin {
  private final MeterRegistry registry;
  private final Duration slowRequestThreshold;
  private final SlowRequestLog slowRequestLog;
  private final LongSupplier ticker;
  private final @Nullable Clock clock;
  private final RequestTimer requestTimer;

  private MicrometerPlugin(Builder b) {
    this.registry = b.registry;
    this.slowRequestThreshold = b.slowRequestThreshold;
    this.slowRequestLog = b.slowRequestLog;
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.requestTimer = new RequestTimer(registry, ticker, slowRequestThreshold, slowRequestLog);
  }

  /**
   * Metrics in {@code registry} with the guide's defaults (slow requests from 200 ms), reading no
   * environment.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public static MicrometerPlugin of(MeterRegistry registry) {
    return builder().registry(registry).build();
  }

  /**
   * Metrics in {@code registry}, configured from the process environment ({@code
   * LOG_SLOW_REQUEST_THRESHOLD}).
   *
   * @throws NullPointerException         if {@code registry} is null
   * @throws dev.janua.JanuaConfigException naming the variable when a value is malformed
   */
  public static MicrometerPlugin fromEnv(MeterRegistry registry) {
    return fromEnv(registry, System.getenv());
  }

  /**
   * Metrics in {@code registry}, configured from {@code env} ({@code LOG_SLOW_REQUEST_THRESHOLD},
   * whole milliseconds from 0 to 3600000, default 200).
   *
   * @throws NullPointerException         if an argument is null
   * @throws dev.janua.JanuaConfigException naming the variable when a value is malformed
   */
  public static MicrometerPlugin fromEnv(MeterRegistry registry, Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return builder()
        .registry(registry)
        .slowRequestThreshold(SlowRequestThreshold.fromEnv(env))
        .build();
  }

  /** A builder for configuring the plugin entirely in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this plugin's settings, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.registry = registry;
    b.slowRequestThreshold = slowRequestThreshold;
    b.slowRequestLog = slowRequestLog;
    b.ticker = ticker;
    b.clock = clock;
    return b;
  }

  /** The registry the meters go to. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The slow-request threshold ({@code LOG_SLOW_REQUEST_THRESHOLD}). */
  public Duration slowRequestThreshold() {
    return slowRequestThreshold;
  }

  /**
   * The request timer to hand to the HTTP adapter; the same one for every engine this plugin is
   * installed on, and usable before the engine is built. Its statistics feed the engine's
   * {@code metricsSnapshot()}.
   */
  public RequestTimer requestTimer() {
    return requestTimer;
  }

  @Override
  public void install(PluginContext context) {
    JanuaConfig config = context.config();
    MicrometerMetrics metrics =
        MicrometerMetrics.create(
            new MicrometerMetrics.Settings(
                registry,
                clock != null ? clock : context.clock(),
                ticker,
                slowRequestThreshold,
                slowRequestLog,
                config::rateLimitRule,
                null,
                null,
                requestTimer));
    context.metrics(metrics);
    context.provide(RequestTimer.class, requestTimer);
    context.closeOnShutdown(new StateMeters(metrics));
    context.whenAssembled(
        () -> {
          context.findAll(CacheStatsSource.class).forEach(metrics::bindCacheStats);
          context.findAll(PoolStatsSource.class).forEach(metrics::bindPoolStats);
        });
  }

  @Override
  public String toString() {
    return "MicrometerPlugin[registry=" + registry.getClass().getSimpleName()
        + ", slowRequestThreshold=" + slowRequestThreshold + "]";
  }

  /** What the engine closes: the state-reading meters, never the registry. */
  private record StateMeters(MicrometerMetrics metrics) implements AutoCloseable {
    @Override
    public void close() {
      metrics.removeStateMeters();
    }
  }

  /**
   * Configures a {@link MicrometerPlugin} in code. Only {@link #registry} is required; every setter
   * checks its argument at once, and {@link #build()} copies what the builder holds, so it can be
   * reused.
   */
  public static final class Builder {
    private @Nullable MeterRegistry registry;
    private Duration slowRequestThreshold = SlowRequestThreshold.DEFAULT;
    private SlowRequestLog slowRequestLog = SlowRequestLog.slf4j();
    private LongSupplier ticker = System::nanoTime;
    private @Nullable Clock clock;

    private Builder() {}

    /**
     * The registry to register the meters in (required): a {@code PrometheusMeterRegistry} yields
     * the guide's Prometheus names. The plugin never closes it.
     *
     * @throws NullPointerException if {@code registry} is null
     */
    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Requests slower than this are reported to the {@link SlowRequestLog} ({@code
     * LOG_SLOW_REQUEST_THRESHOLD}; default 200 ms).
     *
     * @throws NullPointerException     if {@code threshold} is null
     * @throws IllegalArgumentException naming {@code LOG_SLOW_REQUEST_THRESHOLD} when {@code
     *                                  threshold} is negative or over an hour
     */
    public Builder slowRequestThreshold(Duration threshold) {
      this.slowRequestThreshold = SlowRequestThreshold.check(threshold);
      return this;
    }

    /**
     * Where slow requests are reported; default {@link SlowRequestLog#slf4j()}.
     *
     * @throws NullPointerException if {@code log} is null
     */
    public Builder slowRequestLog(SlowRequestLog log) {
      this.slowRequestLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * The monotonic nanosecond source request durations are measured with; default {@link
     * System#nanoTime()}.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The clock of the snapshot's timestamp; default the engine's clock.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The plugin.
     *
     * @throws IllegalStateException if no registry was set
     */
    public MicrometerPlugin build() {
      if (registry == null) {
        throw new IllegalStateException("registry is required: call registry(MeterRegistry)");
      }
      return new MicrometerPlugin(this);
    }
  }
}
