package dev.janua.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The in-process tier (L1) of a {@link TieredCache}: a Caffeine cache bounded by size, in which
 * each entry expires after its own time to live (Caffeine's {@link Expiry}, read against the
 * cache's {@link Ticker}). Caffeine's maintenance runs on its default executor (the common pool),
 * which the cache does not own, so there is nothing to stop but the entries to drop.
 */
final class LocalTier {

  /**
   * An L1 entry: the value, its time to live in nanoseconds, and the name invalidations match (the
   * key itself, or for an alias the shared-tier key it was filled from). Compared by identity, so
   * a fill undoes only its own entry.
   */
  static final class Entry {
    final Object value;
    final long ttlNanos;
    final String name;

    Entry(Object value, long ttlNanos, String name) {
      this.value = value;
      this.ttlNanos = ttlNanos;
      this.name = name;
    }
  }

  /** Each entry lives for its own time to live from when it was written; a read changes nothing. */
  private static final Expiry<Object, Entry> PER_ENTRY = new Expiry<>() {
    @Override
    public long expireAfterCreate(Object key, Entry entry, long currentTime) {
      return entry.ttlNanos;
    }

    @Override
    public long expireAfterUpdate(Object key, Entry entry, long currentTime,
        long currentDuration) {
      return entry.ttlNanos;
    }

    @Override
    public long expireAfterRead(Object key, Entry entry, long currentTime,
        long currentDuration) {
      return currentDuration;
    }
  };

  private final Cache<Object, Entry> cache;

  LocalTier(long maximumSize, Ticker ticker) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfter(PER_ENTRY)
        .ticker(ticker)
        .build();
  }

  /** The live entry under {@code key}, or {@code null}. */
  @Nullable Entry get(Object key) {
    return cache.getIfPresent(key);
  }

  void put(Object key, Entry entry) {
    cache.put(key, entry);
  }

  /** Removes {@code entry} if it still is the one under {@code key}. */
  void remove(Object key, Entry entry) {
    cache.asMap().remove(key, entry);
  }

  void invalidate(Object key) {
    cache.invalidate(key);
  }

  /**
   * Removes every entry whose name starts with one of the prefixes, and every {@link
   * TieredCache.Alias} whose own name ({@code aliasPrefix + id}) does.
   */
  void removeMatching(Collection<String> prefixes, String aliasPrefix) {
    cache.asMap().entrySet().removeIf(e -> Prefixes.startsWithAny(e.getValue().name, prefixes)
        || (e.getKey() instanceof TieredCache.Alias a
            && Prefixes.startsWithAny(aliasPrefix + a.id(), prefixes)));
  }

  /** The number of live entries, after pending evictions and expiries have run. */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Drops every entry. */
  void clear() {
    cache.invalidateAll();
    cache.cleanUp();
  }
}
