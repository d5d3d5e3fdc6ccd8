package dev.janua.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The in-process tier (L1) of a {@link TieredCache}: a Caffeine cache bounded by size, whose
 * entries each carry their own deadline, checked on every read against the cache's {@link Ticker}
 * (normally its {@link CoarseTicker}, a field read). The deadline counts from the exact time of
 * the write, so an entry never expires early on a ticker that lags, and at most one resolution
 * late. Caffeine evicts by weight (1 per entry, more for a long key; see {@link #weight}) and, as a
 * memory backstop, drops every entry some time after the
 * longest time to live written ({@code expireAfterWrite} on the same ticker); a read or {@link
 * #size()} drops an entry past its deadline at once. Caffeine's maintenance runs on its default
 * executor (the common pool), which the cache does not own.
 */
final class LocalTier {
  /** Added to the backstop, so that it never drops an entry before its deadline. */
  private static final long BACKSTOP_MARGIN_NANOS = Duration.ofMinutes(1).toNanos();
  /** Key characters that weigh as much as one ordinary entry. */
  static final int WEIGHT_UNIT_CHARS = 512;

  /**
   * An L1 entry: the value, its deadline (ticker time), and the name invalidations match (the key
   * itself, or for an alias the shared-tier key it was filled from). Compared by identity, so a
   * fill undoes only its own entry.
   */
  static final class Entry {
    final Object value;
    final long deadline;
    final String name;

    private Entry(Object value, long deadline, String name) {
      this.value = value;
      this.deadline = deadline;
      this.name = name;
    }
  }

  private final Cache<Object, Entry> cache;
  private final Ticker ticker;
  private final Ticker exact;
  /** The backstop now: only raised, by a write with a longer time to live. */
  private volatile long backstopNanos;

  /**
   * @param ticker     the time reads check deadlines against (a {@link CoarseTicker}, or a test's
   *     clock)
   * @param exact      the exact time of that ticker's source, read on each write
   * @param longestTtl the longest time to live of the data types (nanoseconds)
   */
  LocalTier(long maximumSize, Ticker ticker, Ticker exact, long longestTtl) {
    this.ticker = ticker;
    this.exact = exact;
    this.backstopNanos = backstop(longestTtl);
    // Bounded by weight, where an ordinary entry weighs 1: the count bound is the same as a size
    // bound, and an entry under a long key (up to 64 KB of hostile input, were one ever used as a
    // key) counts as many entries, so memory stays bounded too.
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maximumSize)
        .<Object, Entry>weigher((key, entry) -> weight(key))
        .expireAfterWrite(Duration.ofNanos(backstopNanos))
        .ticker(ticker)
        .build();
  }

  /** 1 per entry, plus 1 per {@value #WEIGHT_UNIT_CHARS} characters of a string key. */
  static int weight(Object key) {
    return key instanceof String s ? 1 + s.length() / WEIGHT_UNIT_CHARS : 1;
  }

  private static long backstop(long ttl) {
    return Math.min(ttl, TieredCache.MAX_TTL_NANOS - BACKSTOP_MARGIN_NANOS) + BACKSTOP_MARGIN_NANOS;
  }

  /** The live entry under {@code key}, or {@code null} (one past its deadline is dropped). */
  @Nullable Entry get(Object key) {
    Entry entry = cache.getIfPresent(key);
    if (entry == null || entry.deadline - ticker.read() > 0) {
      return entry;
    }
    cache.asMap().remove(key, entry);
    return null;
  }

  /** Puts {@code value} under {@code key} until {@code ttlNanos} from now; returns its entry. */
  Entry put(Object key, Object value, long ttlNanos, String name) {
    if (ttlNanos + BACKSTOP_MARGIN_NANOS > backstopNanos) {
      raiseBackstop(ttlNanos);
    }
    Entry entry = new Entry(value, exact.read() + ttlNanos, name);
    cache.put(key, entry);
    return entry;
  }

  private synchronized void raiseBackstop(long ttlNanos) {
    long raised = backstop(ttlNanos);
    if (raised > backstopNanos) {
      backstopNanos = raised;
      cache.policy().expireAfterWrite()
          .ifPresent(p -> p.setExpiresAfter(Duration.ofNanos(raised)));
    }
  }

  /** Removes {@code entry} if it still is the one under {@code key} (nothing for null). */
  void remove(Object key, @Nullable Entry entry) {
    if (entry != null) {
      cache.asMap().remove(key, entry);
    }
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

  /**
   * The number of live entries: drops the entries past their deadline (one pass over L1), then
   * runs pending evictions.
   */
  long size() {
    long now = ticker.read();
    cache.asMap().values().removeIf(e -> e.deadline - now <= 0);
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Drops every entry. */
  void clear() {
    cache.invalidateAll();
    cache.cleanUp();
  }
}
