package dev.janua.metrics.internal;

import dev.janua.spi.CacheStats;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.PoolStats;
import dev.janua.spi.PoolStatsSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stats source for a scrape or a snapshot without letting it throw: a failing source
 * answers its last good value (zeros before the first).
 */
public final class SafeStats {
  private static final CacheStats NO_CACHE = new CacheStats(0, 0, 0, 0, 0, 0, false);
  private static final PoolStats NO_POOL = new PoolStats(0, 0, 0, 0);

  private SafeStats() {}

  /** A guarded reader of cache stats. */
  public static final class Cache {
    private final @Nullable CacheStatsSource source;
    private volatile CacheStats last = NO_CACHE;

    /** Reads {@code source}, which may be null (then always zeros). */
    public Cache(@Nullable CacheStatsSource source) {
      this.source = source;
    }

    /** The stats now, or the last good ones when the source fails. */
    public CacheStats read() {
      if (source == null) {
        return NO_CACHE;
      }
      CacheStats s = Guard.get("CacheStatsSource.cacheStats()", source::cacheStats, last);
      last = s;
      return s;
    }
  }

  /** A guarded reader of pool stats. */
  public static final class Pool {
    private final @Nullable PoolStatsSource source;
    private volatile PoolStats last = NO_POOL;

    /** Reads {@code source}, which may be null (then always zeros). */
    public Pool(@Nullable PoolStatsSource source) {
      this.source = source;
    }

    /** The stats now, or the last good ones when the source fails. */
    public PoolStats read() {
      if (source == null) {
        return NO_POOL;
      }
      PoolStats s = Guard.get("PoolStatsSource.poolStats()", source::poolStats, last);
      last = s;
      return s;
    }
  }
}
