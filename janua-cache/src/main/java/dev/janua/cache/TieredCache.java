package dev.janua.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.cache.internal.CoarseTicker;
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
 * <p>L1 reads are cheap: Caffeine's maintenance runs on its default executor (the common pool), not
 * on the reading thread; each entry carries its own expiry, checked against a coarse clock (see
 * {@link CoarseTicker}) or the clock given to the builder, so there is no timer wheel; and a hit
 * costs one counter increment.
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
  private static final Duration MAX_TTL = Duration.ofNanos(Long.MAX_VALUE >> 1);

  private final CachePolicy policy;
  private final Ticker ticker;
  private final Cache<Object, Entry> l1;
  private final GuardedRemote remote;
  private final Cache<String, Boolean> recentRemotePuts;
  private final InvalidationBus bus;
  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
  private final AtomicLong prefixEpoch = new AtomicLong();
  /** Per {@link CacheDataType#ordinal()}: time to live in nanoseconds (0: not cached). */
  private final long[] ttlNanos;
  /** Per {@link CacheDataType#ordinal()}: whether L1 holds this type. */
  private final boolean[] inL1;
  private final LongAdder misses = new LongAdder();
  private final LongAdder sets = new LongAdder();
  private final LongAdder l1Hits = new LongAdder();
  private final LongAdder l2Hits = new LongAdder();

  /**
   * An L1 entry: the value, when it expires (ticker time), and the name invalidations match: the
   * key itself, or for an {@link Alias} the key of the value in the shared tier.
   */
  private record Entry(Object value, long expiresAt, String name) {}

  /**
   * An L1-only key of a value whose shared-tier key is longer to build (a session, read by its id
   * alone). Invalidating {@code CacheKeys.ALIAS_PREFIX + id} drops it; so does invalidating the
   * shared-tier key it was filled from, or a prefix of that key.
   */
  record Alias(String id) {}

  private TieredCache(Builder b) {
    this.policy = b.policy;
    this.bus = b.bus;
    this.ticker = b.clock == null ? CoarseTicker.instance() : clockTicker(b.clock);
    CacheDataType[] types = CacheDataType.values();
    this.ttlNanos = new long[types.length];
    this.inL1 = new boolean[types.length];
    Duration longest = Duration.ofHours(1);
    for (CacheDataType type : types) {
      Duration ttl = policy.ttl(type);
      ttlNanos[type.ordinal()] = saturatedNanos(ttl);
      inL1[type.ordinal()] = !ttl.isZero() && policy.l1MaximumSize() > 0
          && (b.remote == null || !policy.sharedOnly(type));
      if (ttl.compareTo(longest) > 0) {
        longest = ttl;
      }
    }
    this.l1 = Caffeine.newBuilder()
        .maximumSize(policy.l1MaximumSize())
        // Entries expire by their own deadline on read; this only returns memory in the end.
        .expireAfterWrite(longest)
        .ticker(ticker)
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
          .build();
    }
  }

  /** A builder: default policy, no shared tier, no bus, the system ticker. */
  public static Builder builder() {
    return new Builder();
  }

  private static long saturatedNanos(Duration d) {
    // at most about 146 years, so that "now + ttl" never wraps
    return d.compareTo(MAX_TTL) >= 0 ? MAX_TTL.toNanos() : d.toNanos();
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
    int t = type.ordinal();
    if (inL1[t]) {
      Entry cached = l1.getIfPresent(key);
      if (cached != null) {
        if (cached.expiresAt() - ticker.read() > 0) {
          l1Hits.increment();
          return (V) cached.value();
        }
        l1.asMap().remove(key, cached);
      }
    }
    long ttl = ttlNanos[t];
    if (ttl == 0) {
      misses.increment();
      return loader.get();
    }
    long stamp = stamp(key);
    Object shared = readShared(key);
    if (shared != null) {
      if (inL1[t]) {
        putL1(key, key, shared, ttl, stamp, stamp);
      }
      return (V) shared;
    }
    misses.increment();
    V value = loader.get();
    if (value != null) {
      fill(key, value, ttl, stamp, inL1[t]);
    }
    return value;
  }

  /**
   * The L1 value under {@code alias}, or {@code null} when L1 does not hold it (or holds no
   * {@code type}); counts an L1 hit, nothing on a miss (the caller's read through the tiers does).
   */
  @SuppressWarnings("unchecked")
  <V> V getAlias(Alias alias, CacheDataType type) {
    if (!inL1[type.ordinal()]) {
      return null;
    }
    Entry cached = l1.getIfPresent(alias);
    if (cached == null) {
      return null;
    }
    if (cached.expiresAt() - ticker.read() > 0) {
      l1Hits.increment();
      return (V) cached.value();
    }
    l1.asMap().remove(alias, cached);
    return null;
  }

  /**
   * Reads {@code key} from the shared tier, else from {@code loader} (then fills the shared tier
   * only): for values whose L1 copy lives under an {@link Alias}.
   */
  @SuppressWarnings("unchecked")
  <V> V getShared(String key, CacheDataType type, Supplier<? extends V> loader) {
    long ttl = ttlNanos[type.ordinal()];
    if (ttl == 0) {
      misses.increment();
      return loader.get();
    }
    long stamp = stamp(key);
    Object shared = readShared(key);
    if (shared != null) {
      return (V) shared;
    }
    misses.increment();
    V value = loader.get();
    if (value != null) {
      fill(key, value, ttl, stamp, false);
    }
    return value;
  }

  /**
   * Keeps {@code value}, read from the shared tier or the store under {@code sharedKey}, in L1
   * under {@code alias} for the time to live of {@code type}, unless {@code sharedKey} or the
   * alias's name was invalidated since the given stamps were taken (see {@link #stamp}).
   */
  void putAlias(Alias alias, String sharedKey, Object value, CacheDataType type, long aliasStamp,
      long sharedStamp) {
    int t = type.ordinal();
    if (!inL1[t] || value == null) {
      return;
    }
    String aliasName = CacheKeys.ALIAS_PREFIX + alias.id();
    if (stamp(aliasName) != aliasStamp) {
      return;
    }
    putL1(alias, sharedKey, value, ttlNanos[t], sharedStamp, sharedStamp);
    if (stamp(aliasName) != aliasStamp) {
      l1.invalidate(alias);
    }
  }

  /** Puts into L1 if {@code name}'s stamp is still {@code before}; undoes it if it moved since. */
  private void putL1(Object key, String name, Object value, long ttl, long before, long expected) {
    if (stamp(name) != before) {
      return;
    }
    Entry entry = new Entry(value, ticker.read() + ttl, name);
    l1.put(key, entry);
    if (stamp(name) != expected) {
      l1.asMap().remove(key, entry);
    }
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
    fill(key, value, saturatedNanos(ttl), stamp(key), policy.l1MaximumSize() > 0);
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
    l1.cleanUp(); // pending evictions and expiries, so that the size is exact
    long l1 = l1Hits.sum();
    long l2 = l2Hits.sum();
    return new CacheStats(l1 + l2, misses.sum(), sets.sum(), l1, l2, this.l1.estimatedSize(),
        l2Connected());
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

  private void fill(String key, Object value, long ttl, long stamp, boolean useL1) {
    if (stamp(key) != stamp) {
      return;
    }
    boolean remotePut = false;
    if (remote != null && ValueCodec.supports(value)) {
      recentRemotePuts.put(key, Boolean.TRUE);
      remote.put(key, ValueCodec.encode(value), Duration.ofNanos(ttl));
      remotePut = true;
    }
    Entry entry = new Entry(value, ticker.read() + ttl, key);
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

  /** The decoded L2 value under {@code key} (an L2 hit counted), or {@code null}. */
  private Object readShared(String key) {
    if (remote == null) {
      return null;
    }
    Optional<byte[]> bytes = remote.get(key);
    Object value = bytes.isPresent() ? decode(bytes.get()) : null;
    if (value != null) {
      l2Hits.increment();
    }
    return value;
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
      if (key.startsWith(CacheKeys.ALIAS_PREFIX)) {
        l1.invalidate(new Alias(key.substring(CacheKeys.ALIAS_PREFIX.length())));
      }
    }
    if (!prefixes.isEmpty()) {
      prefixEpoch.incrementAndGet();
      // an alias matches by the shared-tier key it was filled from, and by its own name
      l1.asMap().entrySet().removeIf(e -> startsWithAny(e.getValue().name(), prefixes)
          || (e.getKey() instanceof Alias a
              && startsWithAny(CacheKeys.ALIAS_PREFIX + a.id(), prefixes)));
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
  long stamp(String key) {
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
