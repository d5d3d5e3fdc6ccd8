package dev.janua.spi;

/**
 * Counters of a cache of store reads, as janua-cache reports them and janua-metrics publishes them.
 *
 * @param hits        reads answered by any tier
 * @param misses      reads that went to the store
 * @param sets        values written into the cache
 * @param l1Hits      reads answered by the in-process tier
 * @param l2Hits      reads answered by the shared tier (Redis)
 * @param l1Size      entries now held in the in-process tier
 * @param l2Connected whether the shared tier is configured and its circuit is closed
 */
public record CacheStats(
    long hits, long misses, long sets, long l1Hits, long l2Hits, long l1Size, boolean l2Connected) {

  /** Hits over all reads, from 0 to 1; 0 before the first read. */
  public double hitRate() {
    long reads = hits + misses;
    return reads == 0 ? 0.0 : (double) hits / reads;
  }
}
