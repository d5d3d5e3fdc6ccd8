package dev.janua.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.janua.cache.internal.GuardedRemote;
import dev.janua.cache.internal.ValueCodec;
import dev.janua.spi.CacheStats;
import dev.janua.spi.CacheStatsSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A two-tier read-through cache: an in-process tier (L1, Caffeine, bounded by size, a time to live
 * per entry), then an optional shared tier (L2, a {@link RemoteCache} such as Redis, behind a
 * circuit breaker), then the loader (the store).
 *
 * <p>Invalidations drop a key from both tiers and are published on the {@link InvalidationBus}, so
 * every other instance drops its L1 copy; messages from other instances drop keys from this
 * instance's L1. A load that races with an invalidation of the same key never leaves its stale
 * value behind: each fill is checked against an invalidation counter after it is written and
 * undone when an invalidation came in between.
 *
 * <p>One key always holds one type of value. Values written to L2 are encoded by a compact binary
 * codec that knows the store records ({@code StoredUser}, {@code Session}, {@code Organization},
 * {@code Membership}, {@code Role}), strings, booleans, longs, and optionals and lists of these;
 * other values stay in L1 only. Thread-safe.
 */
public final class TieredCache implements CacheStatsSource {
  private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);
  private static final int STRIPES = 1 << 12;
  private static final Duration RECENT_PUT_WINDOW = Duration.ofSeconds(10);

  private final CachePolicy policy;
  private final Cache<String, Entry> l1;
  private final GuardedRemote remote;
  private final Cache<String, Boolean> recentRemotePuts;
  private final InvalidationBus bus;
  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
  private final AtomicLong prefixEpoch = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder sets = new LongAdder();
  private final LongAdder l1Hits = new LongAdder();
  private final LongAdder l2Hits = new LongAdder();

  private record Entry(Object value, long ttlNanos) {}

  private TieredCache(Builder b) {
    this.policy = b.policy;
    this.bus = b.bus;
    Ticker ticker = b.clock == null ? Ticker.systemTicker() : clockTicker(b.clock);
    this.l1 = Caffeine.newBuilder()
        .maximumSize(policy.l1MaximumSize())
        .expireAfter(new Expiry<String, Entry>() {
          @Override
          public long expireAfterCreate(String key, Entry value, long currentTime) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(String key, Entry value, long currentTime,
              long currentDuration) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterRead(String key, Entry value, long currentTime,
              long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
    if (b.remote == null) {
      this.remote = null;
      this.recentRemotePuts = null;
    } else {
      this.remote = new GuardedRemote(b.remote, policy.failureThreshold(), policy.breakerDelay());
      this.recentRemotePuts = Caffeine.newBuilder()
          .maximumSize(100_000)
          .expireAfterWrite(RECENT_PUT_WINDOW)
          .ticker(ticker)
          .executor(Runnable::run)
          .build();
    }
  }

  /** A builder: default policy, no shared tier, no bus, the system ticker. */
  public static Builder builder() {
    return new Builder();
  }

  private static Ticker clockTicker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /**
   * The value under {@code key}: from L1, else from L2 (then kept in L1), else from
   * {@code loader}, whose non-null result is kept in both tiers for the policy's time to live of
   * {@code type}. A {@code null} from the loader is returned and not cached (cache absence as an
   * empty {@link Optional}). A time to live of zero bypasses the cache.
   *
   * @param <V>    the type of value this key holds
   * @param key    the cache key
   * @param type   the kind of data, which chooses the time to live
   * @param loader reads the value from the store on a miss; its exceptions pass through
   */
  @SuppressWarnings("unchecked")
  public <V> V get(String key, CacheDataType type, Supplier<? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(loader, "loader");
    Duration ttl = policy.ttl(type);
    if (ttl.isZero()) {
      misses.increment();
      return loader.get();
    }
    boolean useL1 = remote == null || !policy.sharedOnly(type);
    Entry cached = useL1 ? l1.getIfPresent(key) : null;
    if (cached != null) {
      hits.increment();
      l1Hits.increment();
      return (V) cached.value();
    }
    long stamp = stamp(key);
    if (remote != null) {
      Optional<byte[]> bytes = remote.get(key);
      if (bytes.isPresent()) {
        Object value = decode(bytes.get());
        if (value != null) {
          hits.increment();
          l2Hits.increment();
          if (useL1) {
            Entry entry = new Entry(value, ttl.toNanos());
            l1.put(key, entry);
            if (stamp(key) != stamp) {
              l1.asMap().remove(key, entry);
            }
          }
          return (V) value;
        }
      }
    }
    misses.increment();
    V value = loader.get();
    if (value != null) {
      fill(key, value, ttl, stamp, useL1);
    }
    return value;
  }

  /**
   * Puts a value into both tiers for {@code ttl}, and tells the other instances to drop their old
   * L1 copy (they read the new value from L2).
   *
   * @throws IllegalArgumentException when {@code ttl} is negative
   */
  public void warm(String key, Object value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
    }
    if (ttl.isZero()) {
      return;
    }
    bump(key);
    fill(key, value, ttl, stamp(key), true);
    publish(List.of(key), List.of());
  }

  /** Drops {@code key} from both tiers here and from every other instance's L1. */
  public void invalidate(String key) {
    Objects.requireNonNull(key, "key");
    invalidateAll(List.of(key), List.of());
  }

  /**
   * Drops every key starting with {@code prefix} from both tiers here (L1 by scanning its keys, L2
   * through {@link RemoteCache#deleteByPrefix}) and from every other instance's L1. A trailing
   * {@code *} is ignored, so the guide's {@code org:42:*} works.
   *
   * @throws IllegalArgumentException when the prefix is empty (that would drop everything)
   */
  public void invalidatePattern(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    invalidateAll(List.of(), List.of(prefix));
  }

  /**
   * Drops these keys and every key starting with these prefixes, in both tiers, and publishes them
   * in one bus message.
   *
   * @throws IllegalArgumentException when a prefix is empty
   */
  public void invalidateAll(Collection<String> keys, Collection<String> prefixes) {
    List<String> k = List.copyOf(keys);
    List<String> p = normalize(prefixes);
    if (k.isEmpty() && p.isEmpty()) {
      return;
    }
    dropLocal(k, p);
    if (remote != null) {
      remote.delete(k, p);
    }
    publish(k, p);
  }

  /** The counters now (same as {@link #cacheStats()}). */
  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), sets.sum(), l1Hits.sum(), l2Hits.sum(),
        l1.estimatedSize(), l2Connected());
  }

  @Override
  public CacheStats cacheStats() {
    return stats();
  }

  /** Whether a shared tier is configured and its circuit is closed. */
  public boolean l2Connected() {
    return remote != null && remote.isClosed();
  }

  /** The policy this cache runs with. */
  public CachePolicy policy() {
    return policy;
  }

  // ---- internals ----

  private void fill(String key, Object value, Duration ttl, long stamp, boolean useL1) {
    if (stamp(key) != stamp) {
      return;
    }
    boolean remotePut = false;
    if (remote != null && ValueCodec.supports(value)) {
      recentRemotePuts.put(key, Boolean.TRUE);
      remote.put(key, ValueCodec.encode(value), ttl);
      remotePut = true;
    }
    Entry entry = new Entry(value, ttl.toNanos());
    if (useL1) {
      l1.put(key, entry);
    }
    sets.increment();
    // An invalidation bumps the counter before it deletes: if it bumped after our check above,
    // either we see it now and undo, or its delete comes after our writes.
    if (stamp(key) != stamp) {
      l1.asMap().remove(key, entry);
      if (remotePut) {
        remote.delete(List.of(key), List.of());
      }
    }
  }

  private Object decode(byte[] bytes) {
    try {
      return ValueCodec.decode(bytes);
    } catch (RuntimeException e) {
      LOG.debug("undecodable L2 cache value treated as a miss: {}", e.getClass().getName());
      return null;
    }
  }

  private void dropLocal(Collection<String> keys, Collection<String> prefixes) {
    for (String key : keys) {
      bump(key);
      l1.invalidate(key);
    }
    if (!prefixes.isEmpty()) {
      prefixEpoch.incrementAndGet();
      l1.asMap().keySet().removeIf(k -> startsWithAny(k, prefixes));
    }
  }

  /** A message from another instance: drop L1 copies, and undo our own recent L2 fills of them. */
  private void onRemoteInvalidation(InvalidationBus.Invalidation message) {
    try {
      List<String> keys = message.keys() == null ? List.of() : List.copyOf(message.keys());
      List<String> prefixes = message.prefixes() == null ? List.of() : normalize(message.prefixes());
      dropLocal(keys, prefixes);
      if (remote != null) {
        List<String> ours = new ArrayList<>();
        for (String k : keys) {
          if (recentRemotePuts.getIfPresent(k) != null) {
            ours.add(k);
          }
        }
        if (!prefixes.isEmpty()) {
          for (String k : recentRemotePuts.asMap().keySet()) {
            if (startsWithAny(k, prefixes)) {
              ours.add(k);
            }
          }
        }
        if (!ours.isEmpty()) {
          remote.delete(ours, List.of());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not apply a cache invalidation message: {}", e.getClass().getName());
    }
  }

  private void publish(List<String> keys, List<String> prefixes) {
    try {
      bus.publish(keys, prefixes);
    } catch (RuntimeException e) {
      LOG.warn("invalidation bus publish failed: {}", e.getClass().getName());
    }
  }

  private static boolean startsWithAny(String key, Collection<String> prefixes) {
    for (String p : prefixes) {
      if (key.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> normalize(Collection<String> prefixes) {
    List<String> out = new ArrayList<>(prefixes.size());
    for (String p : prefixes) {
      Objects.requireNonNull(p, "prefix");
      String stripped = p.endsWith("*") ? p.substring(0, p.length() - 1) : p;
      if (stripped.isEmpty()) {
        throw new IllegalArgumentException("prefix must not be empty");
      }
      out.add(stripped);
    }
    return List.copyOf(out);
  }

  private int stripe(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    return h & (STRIPES - 1);
  }

  private void bump(String key) {
    stripes.incrementAndGet(stripe(key));
  }

  /** Changes whenever {@code key} or any prefix is invalidated (both counters only grow). */
  private long stamp(String key) {
    return stripes.get(stripe(key)) + prefixEpoch.get();
  }

  /** Builds a {@link TieredCache}; {@link #build()} may be called more than once. */
  public static final class Builder {
    private CachePolicy policy = CachePolicy.defaults();
    private RemoteCache remote;
    private InvalidationBus bus = InvalidationBus.noop();
    private Clock clock;

    private Builder() {}

    /** The TTLs, L1 bound and breaker settings (default: {@link CachePolicy#defaults()}). */
    public Builder policy(CachePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The shared tier (default: none, L1 only). */
    public Builder remote(RemoteCache remote) {
      this.remote = Objects.requireNonNull(remote, "remote");
      return this;
    }

    /** The cross-instance invalidation bus (default: {@link InvalidationBus#noop()}). */
    public Builder bus(InvalidationBus bus) {
      this.bus = Objects.requireNonNull(bus, "bus");
      return this;
    }

    /**
     * The clock L1 expiry follows (default: the system ticker); tests pass a fake. The circuit
     * breaker's open delay follows Failsafe's own clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A cache subscribed to the bus. */
    public TieredCache build() {
      TieredCache cache = new TieredCache(this);
      bus.subscribe(cache::onRemoteInvalidation);
      return cache;
    }
  }
}
