package dev.janua.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Invalidation counters that let a fill tell whether an invalidation of its key came in while it
 * loaded: one counter per stripe of keys, and one for every prefix invalidation. Both only grow,
 * so {@link #stamp} changes whenever the key or any prefix is invalidated (and, rarely, when
 * another key of the same stripe is: a fill then gives up a value it could have kept).
 */
final class InvalidationStamps {
  private static final int STRIPES = 1 << 12;

  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
  private final AtomicLong prefixEpoch = new AtomicLong();

  /** Changes whenever {@code key} or any prefix is invalidated. */
  long stamp(String key) {
    return stripes.get(stripe(key)) + prefixEpoch.get();
  }

  /** Called before {@code key} is dropped. */
  void bump(String key) {
    stripes.incrementAndGet(stripe(key));
  }

  /** Called before keys are dropped by prefix. */
  void bumpPrefixes() {
    prefixEpoch.incrementAndGet();
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    return h & (STRIPES - 1);
  }
}
