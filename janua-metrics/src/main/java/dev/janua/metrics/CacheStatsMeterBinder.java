package dev.janua.metrics;

import dev.janua.metrics.internal.SafeStats;
import dev.janua.spi.CacheStatsSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;

/**
 * Publishes a {@link CacheStatsSource} (janua-cache's tiered cache, or anything reporting the core's
 * {@code CacheStats}): {@code janua_cache_hits_total}, {@code janua_cache_misses_total}, {@code
 * janua_cache_sets_total}, {@code janua_cache_tier_hits_total{tier}}, {@code janua_cache_hit_rate}
 * (0 to 1), {@code janua_cache_l1_size} and {@code janua_cache_l2_connected}. Depends only on the
 * core SPI, so janua-cache is never pulled in. A source that throws during a scrape reports its
 * last good values.
 */
public final class CacheStatsMeterBinder implements MeterBinder {
  private final SafeStats.Cache stats;

  /**
   * Binds {@code source}.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public CacheStatsMeterBinder(CacheStatsSource source) {
    this.stats = new SafeStats.Cache(Objects.requireNonNull(source, "source"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    register(registry);
  }

  /** Registers the meters and answers them, so their owner can remove them again. */
  List<Meter> register(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    // Function counters hold their object weakly; the strongly referenced gauges below keep the
    // shared reader alive for as long as the registry holds them.
    return List.of(
        Gauge.builder(MeterNames.CACHE_HIT_RATE, stats, s -> s.read().hitRate())
            .description("Cache hits over all cache reads, from 0 to 1")
            .strongReference(true)
            .register(registry),
        Gauge.builder(MeterNames.CACHE_L1_SIZE, stats, s -> s.read().l1Size())
            .description("Entries held in the in-process (L1) cache tier")
            .strongReference(true)
            .register(registry),
        Gauge.builder(MeterNames.CACHE_L2_CONNECTED, stats, s -> s.read().l2Connected() ? 1 : 0)
            .description("1 when the shared (L2) tier is configured and its circuit is closed")
            .strongReference(true)
            .register(registry),
        FunctionCounter.builder(MeterNames.CACHE_HITS, stats, s -> s.read().hits())
            .description("Cache reads answered by any tier")
            .register(registry),
        FunctionCounter.builder(MeterNames.CACHE_MISSES, stats, s -> s.read().misses())
            .description("Cache reads that went to the store")
            .register(registry),
        FunctionCounter.builder(MeterNames.CACHE_SETS, stats, s -> s.read().sets())
            .description("Values written into the cache")
            .register(registry),
        FunctionCounter.builder(MeterNames.CACHE_TIER_HITS, stats, s -> s.read().l1Hits())
            .tag("tier", "l1")
            .description("Cache reads answered by one tier")
            .register(registry),
        FunctionCounter.builder(MeterNames.CACHE_TIER_HITS, stats, s -> s.read().l2Hits())
            .tag("tier", "l2")
            .description("Cache reads answered by one tier")
            .register(registry));
  }
}
