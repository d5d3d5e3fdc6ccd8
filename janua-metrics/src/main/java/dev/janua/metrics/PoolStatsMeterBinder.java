package dev.janua.metrics;

import dev.janua.metrics.internal.SafeStats;
import dev.janua.spi.PoolStatsSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;

/**
 * Publishes a {@link PoolStatsSource} (janua-jdbc's HikariCP pool, or any pool reporting the core's
 * {@code PoolStats}) as gauges {@code janua_db_connections_active}, {@code
 * janua_db_connections_idle}, {@code janua_db_connections_pending} and {@code
 * janua_db_connections_max}. Depends only on the core SPI, so neither janua-jdbc nor HikariCP is
 * pulled in. A source that throws during a scrape reports its last good values.
 */
public final class PoolStatsMeterBinder implements MeterBinder {
  private final SafeStats.Pool stats;

  /**
   * Binds {@code source}.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public PoolStatsMeterBinder(PoolStatsSource source) {
    this.stats = new SafeStats.Pool(Objects.requireNonNull(source, "source"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    register(registry);
  }

  /** Registers the gauges and answers them, so their owner can remove them again. */
  List<Meter> register(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return List.of(
        Gauge.builder(MeterNames.DB_CONNECTIONS_ACTIVE, stats, s -> s.read().active())
            .description("Database connections in use")
            .strongReference(true)
            .register(registry),
        Gauge.builder(MeterNames.DB_CONNECTIONS_IDLE, stats, s -> s.read().idle())
            .description("Database connections open and free")
            .strongReference(true)
            .register(registry),
        Gauge.builder(MeterNames.DB_CONNECTIONS_PENDING, stats, s -> s.read().pending())
            .description("Threads waiting for a database connection")
            .strongReference(true)
            .register(registry),
        Gauge.builder(MeterNames.DB_CONNECTIONS_MAX, stats, s -> s.read().max())
            .description("The connection pool's maximum size")
            .strongReference(true)
            .register(registry));
  }
}
