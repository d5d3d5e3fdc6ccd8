package dev.janua.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.CacheStats;
import dev.janua.spi.CacheStatsSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
 * <p>A bus that detects lost messages ({@link InvalidationBus#subscribeState}) makes the cache drop
 * its whole L1, and every load in flight, on a gap; while the bus is lost, the {@linkplain
 * CacheDataType#sensitive() sensitive} types (sessions, users, permissions) bypass both tiers and
 * are read from the loader (the store of record), and L1 is dropped again when the bus is back.
 * Sensitive types stay out of L2 unless {@link CachePolicy#sensitiveInShared()}.
 *
 * <p>Each L1 entry expires after the time to live of its data type: it carries its deadline,
 * which a read checks against a Caffeine ticker that this cache owns, {@link System#nanoTime()} as
 * of at most 10 ms ago, refreshed by the cache's own daemon thread ({@code janua-cache-ticker});
 * so a hit reads a field instead of the system time. An entry lives at least its time to live and
 * at most 10 ms longer (more only while the JVM does not run the thread). Caffeine bounds L1 by size and, on the same ticker,
 * drops entries a minute after the longest time to live written, for memory. A cache given a
 * test's clock reads that clock instead and starts no thread. Caffeine's maintenance runs on its
 * default executor (the common pool). {@link #close()} stops listening to the bus, empties L1 and
 * stops the thread.
 *
 * <p>One key always holds one type of value. Values written to L2 are encoded by a compact binary
 * codec that knows the store records ({@code StoredUser}, {@code Session}, {@code Organization},
 * {@code Membership}, {@code Role}), strings, booleans, longs, and optionals and lists of these;
 * other values stay in L1 only. Thread-safe.
 */
public final class TieredCache implements CacheStatsSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);
  /** The longest time to live, about 146 years (Caffeine's longest expiry). */
  static final long MAX_TTL_NANOS = Long.MAX_VALUE >> 1;
  private static final Duration MAX_TTL = Duration.ofNanos(MAX_TTL_NANOS);

  private final CachePolicy policy;
  private final LocalTier local;
  /** The ticker L1 reads and its thread, owned by this cache; none with a test clock. */
  private final @Nullable CoarseTicker ticker;
  private final @Nullable SharedTier shared;
  private final InvalidationBus bus;
  private final InvalidationStamps stamps = new InvalidationStamps();
  /** Per {@link CacheDataType#ordinal()}: time to live in nanoseconds (0: not cached). */
  private final long[] ttlNanos;
  /** Per {@link CacheDataType#ordinal()}: whether L1 holds this type. */
  private final boolean[] inL1;
  /** Per {@link CacheDataType#ordinal()}: whether L2 holds this type. */
  private final boolean[] inL2;
  /** Per {@link CacheDataType#ordinal()}: whether reads bypass the cache while the bus is lost. */
  private final boolean[] sensitive;
  private final LongAdder misses = new LongAdder();
  private final LongAdder sets = new LongAdder();
  private final LongAdder l1Hits = new LongAdder();
  private final LongAdder l2Hits = new LongAdder();
  private final Consumer<InvalidationBus.Invalidation> listener = this::onRemoteInvalidation;
  private final Consumer<InvalidationBus.State> stateListener = this::onBusState;
  private volatile boolean closed;
  /** The bus is lost: sensitive reads go to the loader, past both tiers. */
  private volatile boolean busLost;

  /**
   * An L1-only key of a value whose shared-tier key is longer to build (a session, read by its id
   * alone). Invalidating {@code CacheKeys.ALIAS_PREFIX + id} drops it; so does invalidating the
   * shared-tier key it was filled from, or a prefix of that key.
   */
  record Alias(String id) {}

  private TieredCache(Builder b) {
    this.policy = b.policy;
    this.bus = b.bus;
    CacheDataType[] types = CacheDataType.values();
    this.ttlNanos = new long[types.length];
    this.inL1 = new boolean[types.length];
    this.inL2 = new boolean[types.length];
    this.sensitive = new boolean[types.length];
    for (CacheDataType type : types) {
      sensitive[type.ordinal()] = type.sensitive();
      inL2[type.ordinal()] = b.remote != null && !policy.ttl(type).isZero()
          && (!type.sensitive() || policy.sensitiveInShared());
      Duration ttl = policy.ttl(type);
      ttlNanos[type.ordinal()] = saturatedNanos(ttl);
      inL1[type.ordinal()] = !ttl.isZero() && policy.l1MaximumSize() > 0
          && (b.remote == null || !policy.sharedOnly(type));
    }
    Ticker exact = CoarseTicker.exact(b.clock);
    this.ticker = b.ticker != null
        ? b.ticker : CoarseTicker.forCache(exact, policy.l1MaximumSize() > 0);
    Ticker l1Time = ticker == null ? exact : ticker;
    Ticker l1Exact = ticker == null ? exact : ticker.source();
    long longest = Arrays.stream(ttlNanos).max().orElse(0);
    this.local = new LocalTier(policy.l1MaximumSize(), l1Time, l1Exact, longest);
    // the shared tier's bookkeeping is off the read path: it reads the exact time
    this.shared = b.remote == null ? null : new SharedTier(b.remote, policy, l1Exact);
  }

  /** A builder: default policy, no shared tier, no bus, the system ticker. */
  public static Builder builder() {
    return new Builder();
  }

  private static long saturatedNanos(Duration d) {
    // at most about 146 years, Caffeine's longest expiry, so that "now + ttl" never wraps
    return d.compareTo(MAX_TTL) >= 0 ? MAX_TTL.toNanos() : d.toNanos();
  }

  /**
   * The value under {@code key}: from L1, else from L2 (then kept in L1), else from
   * {@code loader}, whose non-null result is kept in both tiers for the policy's time to live of
   * {@code type}. A {@code null} from the loader is returned and not cached (cache absence as an
   * empty {@link Optional}). A time to live of zero bypasses the cache, and so does a closed cache.
   *
   * @param <V>    the type of value this key holds
   * @param key    the cache key
   * @param type   the kind of data, which chooses the time to live
   * @param loader reads the value from the store on a miss; its exceptions pass through
   */
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(String key, CacheDataType type,
      Supplier<? extends @Nullable V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(loader, "loader");
    int t = type.ordinal();
    boolean bypass = sensitive[t] && busLost;
    if (inL1[t] && !closed && !bypass) {
      LocalTier.Entry cached = local.get(key);
      if (cached != null) {
        l1Hits.increment();
        return (V) cached.value;
      }
    }
    long ttl = ttlNanos[t];
    if (ttl == 0 || closed || bypass) {
      misses.increment();
      return loader.get();
    }
    long stamp = stamps.stamp(key);
    Object fromShared = inL2[t] ? readShared(key) : null;
    if (fromShared != null) {
      if (inL1[t]) {
        putL1(key, key, fromShared, ttl, stamp, stamp);
      }
      return (V) fromShared;
    }
    misses.increment();
    V value = loader.get();
    if (value != null) {
      fill(key, value, ttl, stamp, key, stamp, inL1[t], inL2[t]);
    }
    return value;
  }

  /**
   * The L1 value under {@code alias}, or {@code null} when L1 does not hold it (or holds no
   * {@code type}); counts an L1 hit, nothing on a miss (the caller's read through the tiers does).
   */
  @SuppressWarnings("unchecked")
  <V> @Nullable V getAlias(Alias alias, CacheDataType type) {
    int t = type.ordinal();
    if (!inL1[t] || closed || (sensitive[t] && busLost)) {
      return null;
    }
    LocalTier.Entry cached = local.get(alias);
    if (cached == null) {
      return null;
    }
    l1Hits.increment();
    return (V) cached.value;
  }

  /**
   * Reads {@code key} from the shared tier, else from {@code loader} (then fills the shared tier
   * only): for values whose L1 copy lives under an {@link Alias}. The fill also gives up when
   * {@code guard}'s stamp is no longer {@code guardStamp}: a caller whose loader hands back a value
   * it read before it knew {@code key} guards it with a name stamped before that read, which every
   * invalidation of {@code key} also invalidates (the alias's name).
   */
  @SuppressWarnings("unchecked")
  <V> @Nullable V getShared(String key, CacheDataType type,
      Supplier<? extends @Nullable V> loader, String guard, long guardStamp) {
    int t = type.ordinal();
    long ttl = ttlNanos[t];
    if (ttl == 0 || closed || (sensitive[t] && busLost)) {
      misses.increment();
      return loader.get();
    }
    long stamp = stamps.stamp(key);
    Object fromShared = inL2[t] ? readShared(key) : null;
    if (fromShared != null) {
      return (V) fromShared;
    }
    misses.increment();
    V value = loader.get();
    if (value != null && inL2[t]) {
      fill(key, value, ttl, stamp, guard, guardStamp, false, true);
    }
    return value;
  }

  /**
   * Keeps {@code value}, read from the shared tier or the store under {@code sharedKey}, in L1
   * under {@code alias} for the time to live of {@code type}, unless {@code sharedKey} or the
   * alias's name was invalidated since the given stamps were taken (see {@link #stamp}).
   */
  void putAlias(Alias alias, String sharedKey, @Nullable Object value, CacheDataType type,
      long aliasStamp, long sharedStamp) {
    int t = type.ordinal();
    if (!inL1[t] || value == null || (sensitive[t] && busLost)) {
      return;
    }
    String aliasName = CacheKeys.ALIAS_PREFIX + alias.id();
    if (stamps.stamp(aliasName) != aliasStamp) {
      return;
    }
    putL1(alias, sharedKey, value, ttlNanos[t], sharedStamp, sharedStamp);
    if (stamps.stamp(aliasName) != aliasStamp) {
      local.invalidate(alias);
    }
  }

  /** Puts into L1 if {@code name}'s stamp is still {@code before}; undoes it if it moved since. */
  private void putL1(Object key, String name, Object value, long ttl, long before, long expected) {
    if (closed || stamps.stamp(name) != before) {
      return;
    }
    LocalTier.Entry entry = local.put(key, value, ttl, name);
    if (stamps.stamp(name) != expected || closed) {
      local.remove(key, entry);
    }
  }

  /**
   * Puts a value into both tiers for {@code ttl}, and tells the other instances to drop their old
   * L1 copy (they read the new value from L2). Does nothing once the cache is closed.
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
    if (ttl.isZero() || closed) {
      return;
    }
    stamps.bump(key);
    long stamp = stamps.stamp(key);
    fill(key, value, saturatedNanos(ttl), stamp, key, stamp, policy.l1MaximumSize() > 0, true);
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
   * in one bus message. A closed cache still drops them from L2 and publishes them, so that a write
   * made through it is not served stale by another instance.
   *
   * @throws IllegalArgumentException when a prefix is empty
   */
  public void invalidateAll(Collection<String> keys, Collection<String> prefixes) {
    List<String> k = List.copyOf(keys);
    List<String> p = Prefixes.normalize(prefixes);
    if (k.isEmpty() && p.isEmpty()) {
      return;
    }
    dropLocal(k, p);
    if (shared != null) {
      shared.delete(k, p);
    }
    publish(k, p);
  }

  /** The counters now (same as {@link #cacheStats()}). */
  public CacheStats stats() {
    long l1 = l1Hits.sum();
    long l2 = l2Hits.sum();
    // size() runs pending evictions and expiries first, so that it is exact
    return new CacheStats(l1 + l2, misses.sum(), sets.sum(), l1, l2, local.size(), l2Connected());
  }

  @Override
  public CacheStats cacheStats() {
    return stats();
  }

  /** Whether a shared tier is configured and its circuit is closed. */
  public boolean l2Connected() {
    return shared != null && shared.isClosed();
  }

  /** The state of the circuit breaker around the shared tier; empty when there is none. */
  public Optional<BreakerState> circuitState() {
    return shared == null ? Optional.empty() : Optional.of(shared.state());
  }

  /** The policy this cache runs with. */
  public CachePolicy policy() {
    return policy;
  }

  /**
   * Whether the invalidation bus is lost right now: sensitive reads then bypass both tiers (see
   * {@link InvalidationBus.State#LOST}).
   */
  public boolean busLost() {
    return busLost;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops listening to the invalidation bus, empties L1 and stops this cache's ticker thread
   * ({@code janua-cache-ticker}), waiting until it has ended. The shared tier and the bus belong to
   * whoever made them (janua-redis's plugin closes its own). A closed cache still works, as a
   * pass-through: reads go to the loader, and invalidations still reach L2 and the bus. Closing
   * twice is harmless.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      bus.unsubscribe(listener);
      bus.unsubscribeState(stateListener);
    } catch (RuntimeException e) {
      LOG.warn("invalidation bus unsubscribe failed: {}", e.getClass().getName());
    }
    local.clear();
    if (shared != null) {
      shared.clear();
    }
    if (ticker != null) {
      ticker.close();
    }
  }

  /** The thread refreshing L1's time, or {@code null} when this cache has none (tests). */
  @Nullable Thread tickerThread() {
    return ticker == null ? null : ticker.thread();
  }

  // ---- internals ----

  /** Fills unless {@code key} or {@code guard} was invalidated since their stamps were taken. */
  private void fill(String key, Object value, long ttl, long stamp, String guard, long guardStamp,
      boolean useL1, boolean useL2) {
    if (moved(key, stamp, guard, guardStamp)) {
      return;
    }
    boolean remotePut = useL2 && shared != null && shared.put(key, value, ttl);
    LocalTier.Entry entry = useL1 && !closed ? local.put(key, value, ttl, key) : null;
    sets.increment();
    // An invalidation bumps the counter before it deletes: if it bumped after our check above,
    // either we see it now and undo, or its delete comes after our writes.
    if (moved(key, stamp, guard, guardStamp)) {
      local.remove(key, entry);
      if (remotePut) {
        shared.delete(List.of(key), List.of());
      }
    } else if (closed) {
      local.remove(key, entry);
    }
  }

  private boolean moved(String key, long stamp, String guard, long guardStamp) {
    return stamps.stamp(key) != stamp || stamps.stamp(guard) != guardStamp;
  }

  /** The decoded L2 value under {@code key} (an L2 hit counted), or {@code null}. */
  private @Nullable Object readShared(String key) {
    if (shared == null) {
      return null;
    }
    Object value = shared.read(key);
    if (value != null) {
      l2Hits.increment();
    }
    return value;
  }

  private void dropLocal(Collection<String> keys, Collection<String> prefixes) {
    for (String key : keys) {
      stamps.bump(key);
      local.invalidate(key);
      if (key.startsWith(CacheKeys.ALIAS_PREFIX)) {
        local.invalidate(new Alias(key.substring(CacheKeys.ALIAS_PREFIX.length())));
      }
    }
    if (!prefixes.isEmpty()) {
      stamps.bumpPrefixes();
      // an alias matches by the shared-tier key it was filled from, and by its own name
      local.removeMatching(prefixes, CacheKeys.ALIAS_PREFIX);
    }
  }

  /** A message from another instance: drop L1 copies, and undo our own recent L2 fills of them. */
  private void onRemoteInvalidation(InvalidationBus.Invalidation message) {
    if (closed) {
      return;
    }
    try {
      List<String> keys = message.keys() == null ? List.of() : List.copyOf(message.keys());
      List<String> prefixes = message.prefixes() == null
          ? List.of() : Prefixes.normalize(message.prefixes());
      dropLocal(keys, prefixes);
      if (shared != null) {
        shared.undoRecentFills(keys, prefixes);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not apply a cache invalidation message: {}", e.getClass().getName());
    }
  }

  /**
   * The bus lost messages, is lost, or is back: drop every L1 entry, and make every load in flight
   * give up its fill (the prefix epoch moves every key's stamp).
   */
  private void onBusState(InvalidationBus.State state) {
    try {
      switch (state) {
        case LOST -> {
          busLost = true;
          dropEverything();
        }
        case GAP -> dropEverything();
        case HEALTHY -> {
          dropEverything();
          busLost = false;
        }
        default -> throw new IllegalStateException("unknown bus state " + state);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not apply a cache bus state change: {}", e.getClass().getName());
    }
  }

  private void dropEverything() {
    stamps.bumpPrefixes();
    local.clear();
  }

  private void publish(List<String> keys, List<String> prefixes) {
    try {
      bus.publish(keys, prefixes);
    } catch (RuntimeException e) {
      LOG.warn("invalidation bus publish failed: {}", e.getClass().getName());
    }
  }

  /** Changes whenever {@code key} or any prefix is invalidated (both counters only grow). */
  long stamp(String key) {
    return stamps.stamp(key);
  }

  /** Builds a {@link TieredCache}; {@link #build()} may be called more than once. */
  public static final class Builder {
    private CachePolicy policy = CachePolicy.defaults();
    private @Nullable RemoteCache remote;
    private InvalidationBus bus = InvalidationBus.noop();
    private @Nullable Clock clock;
    private @Nullable CoarseTicker ticker;

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
     * The clock L1 expiry follows; tests pass a fake one, which L1 then reads on every access.
     * Default, and for any system clock ({@link Clock#systemUTC()} and the like): {@link
     * System#nanoTime()} as of at most 10 milliseconds ago, refreshed by a thread the cache owns
     * ({@code janua-cache-ticker}) and stops on {@link TieredCache#close()}. The circuit breaker's
     * open delay follows Failsafe's own clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Tests: the ticker L1 reads instead of the one the clock implies; the cache closes it on
     * {@link TieredCache#close()}. Meant for one cache.
     */
    Builder ticker(CoarseTicker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * A cache subscribed to the bus (close it to unsubscribe and to stop its ticker thread). Each
     * cache has its own ticker thread when it reads the system time and its L1 is on (a maximum
     * size above zero).
     */
    public TieredCache build() {
      TieredCache cache = new TieredCache(this);
      bus.subscribe(cache.listener);
      bus.subscribeState(cache.stateListener);
      cache.busLost = !bus.healthy();
      return cache;
    }
  }
}
