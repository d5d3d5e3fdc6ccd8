package dev.janua.spi;

/** Something that reports {@link CacheStats}: janua-cache's tiered cache. */
@FunctionalInterface
public interface CacheStatsSource {
  /** The counters now; cheap, callable from a metrics scrape. */
  CacheStats cacheStats();
}
