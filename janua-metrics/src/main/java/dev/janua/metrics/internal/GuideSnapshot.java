package dev.janua.metrics.internal;

import dev.janua.spi.CacheStats;
import dev.janua.spi.PoolStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lays out the guide's {@code /metrics} JSON shape, key order included. */
public final class GuideSnapshot {
  private GuideSnapshot() {}

  /**
   * The snapshot: {@code cache_stats}, {@code endpoint_performance}, {@code
   * database.connection_pool} and {@code timestamp}, in that order.
   */
  public static Map<String, Object> of(
      CacheStats c, Map<String, ?> endpoints, PoolStats p, String timestamp) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> cacheStats = new LinkedHashMap<>();
    cacheStats.put("hits", c.hits());
    cacheStats.put("misses", c.misses());
    cacheStats.put("sets", c.sets());
    cacheStats.put("hit_rate_percent", Math.round(c.hitRate() * 1000.0) / 10.0);
    cacheStats.put("l1_cache_size", c.l1Size());
    cacheStats.put("redis_connected", c.l2Connected());
    out.put("cache_stats", cacheStats);

    out.put("endpoint_performance", endpoints);

    Map<String, Object> connectionPool = new LinkedHashMap<>();
    connectionPool.put("active", p.active());
    connectionPool.put("idle", p.idle());
    connectionPool.put("pending", p.pending());
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("connection_pool", connectionPool);
    out.put("database", database);

    out.put("timestamp", timestamp);
    return out;
  }
}
