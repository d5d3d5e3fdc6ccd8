package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.JanuaConfig;
import dev.janua.cache.CachePolicy;
import dev.janua.cache.CachingStore;
import dev.janua.cache.TieredCache;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import dev.janua.metrics.MicrometerMetrics;
import dev.janua.redis.RedisJanua;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.Store;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine and its plug-ins from environment variables, and closes them in reverse order.
 * This is the part of the example a host copies to choose its store, cache and limiter:
 *
 * <ul>
 *   <li>nothing set: the in-memory store, the local limiter, a generated key (one instance only);
 *   <li>{@code DATABASE_URL}: {@link JdbcStore} on PostgreSQL (migrations at start), signing keys
 *       kept in the database so every instance shares them, and the {@code database} readiness
 *       check;
 *   <li>{@code REDIS_URL}: the shared Redis limiter and the {@code redis} readiness check; with a
 *       database too, a {@link TieredCache} (Caffeine L1, Redis L2, pub/sub invalidation) in front
 *       of the store. Without Redis no cache is used, so several instances on one database never
 *       serve each other stale sessions.
 * </ul>
 */
final class Wiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

  final ExampleSettings settings;
  final JanuaConfig config;
  final PrometheusMeterRegistry registry;
  final MicrometerMetrics metrics;
  final AuthEngine engine;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  private Wiring(Map<String, String> env, List<HealthCheck> extraChecks, Clock clock) {
    this.settings = ExampleSettings.fromMap(env);
    this.config = JanuaConfig.fromMap(env);
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    closeables.push(registry::close);
    try {
      MicrometerMetrics.Builder metricsBuilder = MicrometerMetrics.builder()
          .registry(registry)
          .rateLimitRules(config::rateLimitRule)
          .environment(env);
      AuthEngineBuilder builder = AuthEngine.builder().config(config).clock(clock);

      Store store = null;
      if (settings.databaseUrl() != null) {
        JdbcStore jdbc = JdbcStore.builder().config(JdbcStoreConfig.fromMap(env)).build();
        closeables.push(jdbc);
        builder.persistentKeys(true).healthCheck(jdbc.healthCheck());
        metricsBuilder.poolStats(jdbc);
        store = jdbc;
      }
      if (settings.redisUrl() != null) {
        RedisJanua redis = RedisJanua.fromEnv(env);
        closeables.push(redis);
        builder.rateLimitStore(redis.rateLimitStore()).healthCheck(redis.healthCheck());
        if (store != null) {
          TieredCache cache = TieredCache.builder()
              .policy(CachePolicy.fromMap(env))
              .remote(redis.remoteCache())
              .bus(redis.invalidationBus())
              .build();
          metricsBuilder.cacheStats(cache);
          store = CachingStore.wrap(store, cache);
        }
      }
      if (store != null) {
        builder.store(store);
      }
      extraChecks.forEach(builder::healthCheck);
      this.metrics = metricsBuilder.build();
      this.engine = builder.metrics(metrics).build();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("Janua example wired: {}", settings);
  }

  static Wiring fromEnv(Map<String, String> env, List<HealthCheck> extraChecks, Clock clock) {
    return new Wiring(env, extraChecks, clock);
  }

  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
