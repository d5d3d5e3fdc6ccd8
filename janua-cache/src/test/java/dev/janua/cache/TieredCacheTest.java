package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.spi.CacheStats;
import dev.janua.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TieredCacheTest {
  /** The sensitive types in L2 too: these tests are about the shared tier's mechanics. */
  private static final CachePolicy L2_ALL = CachePolicy.builder().sensitiveInShared(true).build();

  private final MutableClock clock = MutableClock.startingAt2026();
  private final AtomicInteger loads = new AtomicInteger();

  private Supplier<String> loader(String value) {
    return () -> {
      loads.incrementAndGet();
      return value;
    };
  }

  private TieredCache l1Only() {
    return TieredCache.builder().clock(clock).build();
  }

  @Test
  void get_userProfile_cachedForFiveMinutesThenReloaded() {
    TieredCache cache = l1Only();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("v1"));
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v1");
    assertThat(loads).hasValue(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v2");
    assertThat(loads).hasValue(2);
  }

  @Test
  void get_eachDataType_expiresAtItsDefaultTtl() {
    for (CacheDataType type : CacheDataType.values()) {
      MutableClock c = MutableClock.startingAt2026();
      TieredCache fresh = TieredCache.builder().clock(c).build();
      fresh.get("k", type, () -> "old");
      c.advance(type.defaultTtl().minusNanos(1));
      assertThat(fresh.get("k", type, () -> "new")).as(type + " just before").isEqualTo("old");
      c.advance(Duration.ofNanos(1));
      assertThat(fresh.get("k", type, () -> "new")).as(type + " at expiry").isEqualTo("new");
    }
  }

  @Test
  void get_sessionTtlOverridden_usesPolicy() {
    CachePolicy policy = CachePolicy.builder()
        .ttl(CacheDataType.SESSION, Duration.ofSeconds(10)).build();
    TieredCache cache = TieredCache.builder().policy(policy).clock(clock).build();
    cache.get("s", CacheDataType.SESSION, loader("a"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.get("s", CacheDataType.SESSION, loader("b"))).isEqualTo("b");
  }

  @Test
  void get_zeroTtl_bypassesCache() {
    CachePolicy policy = CachePolicy.builder().ttl(CacheDataType.JWKS, Duration.ZERO).build();
    TieredCache cache = TieredCache.builder().policy(policy).clock(clock).build();
    cache.get("jwks", CacheDataType.JWKS, loader("a"));
    cache.get("jwks", CacheDataType.JWKS, loader("a"));
    assertThat(loads).hasValue(2);
    assertThat(cache.stats().l1Size()).isZero();
  }

  @Test
  void get_nullFromLoader_notCached() {
    TieredCache cache = l1Only();
    assertThat(cache.<String>get("k", CacheDataType.USER_PROFILE, () -> null)).isNull();
    assertThat(cache.get("k", CacheDataType.USER_PROFILE, loader("x"))).isEqualTo("x");
  }

  @Test
  void get_tierOrder_l1ThenL2ThenStore_countedPerTier() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache a = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    TieredCache b = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();

    assertThat(a.get("user:1", CacheDataType.USER_PROFILE, loader("v"))).isEqualTo("v");
    assertThat(l2.contains("user:1")).isTrue();
    assertThat(a.get("user:1", CacheDataType.USER_PROFILE, loader("other"))).isEqualTo("v");
    assertThat(b.get("user:1", CacheDataType.USER_PROFILE, loader("other"))).isEqualTo("v");
    assertThat(b.get("user:1", CacheDataType.USER_PROFILE, loader("other"))).isEqualTo("v");
    assertThat(loads).hasValue(1);

    CacheStats sa = a.stats();
    assertThat(sa).isEqualTo(new CacheStats(1, 1, 1, 1, 0, 1, true));
    assertThat(sa.hitRate()).isEqualTo(0.5);
    CacheStats sb = b.stats();
    assertThat(sb).isEqualTo(new CacheStats(2, 0, 0, 1, 1, 1, true));
    assertThat(sb.hitRate()).isEqualTo(1.0);
  }

  @Test
  void get_sharedOnlyType_skipsL1_soAnotherInstancesWriteIsSeenAtOnce() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    CachePolicy policy = CachePolicy.builder().sharedOnly(CacheDataType.SESSION)
        .sensitiveInShared(true).build();
    TieredCache a = TieredCache.builder().clock(clock).remote(l2).policy(policy).build();
    TieredCache b = TieredCache.builder().clock(clock).remote(l2).policy(policy).build();
    assertThat(a.get("session:u:1", CacheDataType.SESSION, loader("live"))).isEqualTo("live");
    assertThat(b.get("session:u:1", CacheDataType.SESSION, loader("other"))).isEqualTo("live");
    // B drops it (no bus between them): A's very next read misses L2 and reloads.
    b.invalidate("session:u:1");
    assertThat(a.get("session:u:1", CacheDataType.SESSION, loader("revoked"))).isEqualTo("revoked");
    assertThat(a.stats().l1Hits()).isZero();
    assertThat(a.stats().l1Size()).isZero();
    // Other types still use L1.
    a.get("user:1", CacheDataType.USER_PROFILE, loader("v"));
    a.get("user:1", CacheDataType.USER_PROFILE, loader("v"));
    assertThat(a.stats().l1Hits()).isEqualTo(1);
  }

  @Test
  void get_sharedOnlyWithoutRemote_usesL1() {
    TieredCache cache = TieredCache.builder().clock(clock)
        .policy(CachePolicy.builder().sharedOnly(CacheDataType.SESSION).build()).build();
    cache.get("session:u:1", CacheDataType.SESSION, loader("live"));
    cache.get("session:u:1", CacheDataType.SESSION, loader("live"));
    assertThat(cache.stats().l1Hits()).isEqualTo(1);
  }

  @Test
  void stats_withoutRemote_l2NotConnected() {
    TieredCache cache = l1Only();
    assertThat(cache.stats()).isEqualTo(new CacheStats(0, 0, 0, 0, 0, 0, false));
    assertThat(cache.stats().hitRate()).isZero();
  }

  @Test
  void l1_boundedByMaximumSize() {
    TieredCache cache = TieredCache.builder().clock(clock)
        .policy(CachePolicy.builder().l1MaximumSize(100).build()).build();
    for (int i = 0; i < 1_000; i++) {
      cache.get("k" + i, CacheDataType.USER_PROFILE, loader("v"));
    }
    assertThat(cache.stats().l1Size()).isLessThanOrEqualTo(100);
  }

  @Test
  void l1_entriesPastTheirTtl_notCountedAndDropped() {
    TieredCache cache = l1Only();
    cache.get("session:u:1", CacheDataType.SESSION, loader("s"));
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("u"));
    cache.get("org:1", CacheDataType.ORGANIZATION, loader("o"));
    assertThat(cache.stats().l1Size()).isEqualTo(3);
    clock.advance(CacheDataType.SESSION.defaultTtl());
    assertThat(cache.stats().l1Size()).isEqualTo(2);
    clock.advance(CacheDataType.USER_PROFILE.defaultTtl());
    assertThat(cache.stats().l1Size()).isEqualTo(1);
    clock.advance(CacheDataType.ORGANIZATION.defaultTtl());
    assertThat(cache.stats().l1Size()).isZero();
    assertThat(cache.stats().l1Hits()).isZero();
  }

  @Test
  void l1_maximumSizeZero_holdsNothing() {
    TieredCache cache = TieredCache.builder().clock(clock)
        .policy(CachePolicy.builder().l1MaximumSize(0).build()).build();
    cache.get("k", CacheDataType.USER_PROFILE, loader("v"));
    cache.get("k", CacheDataType.USER_PROFILE, loader("v"));
    assertThat(loads).hasValue(2);
    assertThat(cache.stats()).isEqualTo(new CacheStats(0, 2, 2, 0, 0, 0, false));
  }

  @Test
  void invalidate_dropsBothTiers() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("v1"));
    cache.invalidate("user:1");
    assertThat(l2.contains("user:1")).isFalse();
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v2");
  }

  @Test
  void invalidatePattern_dropsMatchingKeysInBothTiers_keepsOthers() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    cache.get("org:42:member:1", CacheDataType.PERMISSIONS, loader("m1"));
    cache.get("org:42:roles", CacheDataType.PERMISSIONS, loader("r"));
    cache.get("org:43:roles", CacheDataType.PERMISSIONS, loader("r43"));
    cache.invalidatePattern("org:42:*");
    assertThat(l2.contains("org:42:member:1")).isFalse();
    assertThat(l2.contains("org:42:roles")).isFalse();
    assertThat(l2.contains("org:43:roles")).isTrue();
    assertThat(cache.stats().l1Size()).isEqualTo(1);
    assertThat(cache.get("org:42:roles", CacheDataType.PERMISSIONS, loader("r2"))).isEqualTo("r2");
    assertThat(cache.get("org:43:roles", CacheDataType.PERMISSIONS, loader("x"))).isEqualTo("r43");
  }

  @Test
  void invalidatePattern_empty_rejected() {
    TieredCache cache = l1Only();
    assertThatThrownBy(() -> cache.invalidatePattern("*"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
  }

  @Test
  void warm_putsBothTiersForGivenTtl_andCountsASet() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    cache.warm("user:9", "warm", Duration.ofSeconds(30));
    assertThat(l2.contains("user:9")).isTrue();
    assertThat(cache.get("user:9", CacheDataType.USER_PROFILE, loader("store"))).isEqualTo("warm");
    assertThat(cache.stats().sets()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(cache.get("user:9", CacheDataType.USER_PROFILE, loader("store"))).isEqualTo("store");
  }

  @Test
  void warm_negativeTtl_rejected() {
    assertThatThrownBy(() -> l1Only().warm("k", "v", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
  }

  @Test
  void get_invalidatedWhileLoading_staleValueNotKept() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    // The loader read the old value, then a write invalidated the key before the fill.
    String first = cache.get("session:u:1", CacheDataType.SESSION, () -> {
      cache.invalidate("session:u:1");
      return "live";
    });
    assertThat(first).isEqualTo("live");
    assertThat(l2.contains("session:u:1")).isFalse();
    assertThat(cache.get("session:u:1", CacheDataType.SESSION, loader("revoked")))
        .isEqualTo("revoked");
  }

  @Test
  void busMessage_fromOtherInstance_dropsL1Copy() {
    InProcessBus bus = new InProcessBus();
    TieredCache a = TieredCache.builder().clock(clock).bus(bus.endpoint()).build();
    TieredCache b = TieredCache.builder().clock(clock).bus(bus.endpoint()).build();
    b.get("user:1", CacheDataType.USER_PROFILE, loader("old"));
    b.get("org:1:roles", CacheDataType.PERMISSIONS, loader("old"));
    a.invalidate("user:1");
    a.invalidatePattern("org:1:");
    assertThat(b.get("user:1", CacheDataType.USER_PROFILE, loader("new"))).isEqualTo("new");
    assertThat(b.get("org:1:roles", CacheDataType.PERMISSIONS, loader("new"))).isEqualTo("new");
  }

  @Test
  void busMessage_afterOurRecentL2Fill_undoesIt() {
    // B filled L2 with a value it read before A's write; A's delete came first, its message later.
    MapRemoteCache l2 = new MapRemoteCache(clock);
    InProcessBus bus = new InProcessBus();
    InvalidationBus aEnd = bus.endpoint();
    TieredCache b = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).bus(bus.endpoint()).build();
    b.get("session:u:1", CacheDataType.SESSION, loader("stale"));
    assertThat(l2.contains("session:u:1")).isTrue();
    aEnd.publish(List.of("session:u:1"), List.of());
    assertThat(l2.contains("session:u:1")).isFalse();
  }

  @Test
  void get_optionalAndListValues_roundTripThroughL2() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache a = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    TieredCache b = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    a.get("absent", CacheDataType.USER_PROFILE, Optional::empty);
    a.get("list", CacheDataType.PERMISSIONS, () -> List.of("x", "y"));
    assertThat(b.<Optional<String>>get("absent", CacheDataType.USER_PROFILE,
        () -> Optional.of("store"))).isEmpty();
    assertThat(b.<List<String>>get("list", CacheDataType.PERMISSIONS, List::of))
        .containsExactly("x", "y");
    assertThat(b.stats().l2Hits()).isEqualTo(2);
  }

  @Test
  void warm_longerThanEveryTypesTtl_keptInL1ForItsOwnTtl() {
    TieredCache cache = l1Only();
    cache.warm("settings:x", "warm", Duration.ofHours(2));
    clock.advance(Duration.ofMinutes(119));
    assertThat(cache.get("settings:x", CacheDataType.SETTINGS, loader("store"))).isEqualTo("warm");
    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.get("settings:x", CacheDataType.SETTINGS, loader("store")))
        .isEqualTo("store");
  }

  /** The live threads whose name starts with {@code janua-cache}. */
  private static Set<Thread> cacheThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("janua-cache"))
        .collect(Collectors.toSet());
  }

  @Test
  void build_systemTicker_eachCacheOwnsATickerThread_noneOutlivesClose() {
    Set<Thread> before = cacheThreads();
    TieredCache cache = TieredCache.builder().remote(new MapRemoteCache(clock))
        .clock(Clock.systemUTC()).build();
    TieredCache other = TieredCache.builder().build();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("v"));
    other.get("user:1", CacheDataType.USER_PROFILE, loader("v"));
    assertThat(other.get("user:1", CacheDataType.USER_PROFILE, loader("w"))).isEqualTo("v");
    Thread mine = cache.tickerThread();
    Thread its = other.tickerThread();
    // one thread per cache, not one per JVM: named, daemon, running
    assertThat(mine).isNotNull().isNotSameAs(its);
    assertThat(its).isNotNull();
    for (Thread t : List.of(mine, its)) {
      assertThat(t.getName()).isEqualTo(CoarseTicker.THREAD_NAME).startsWith("janua-cache");
      assertThat(t.isDaemon()).isTrue();
      assertThat(t.isAlive()).isTrue();
    }
    assertThat(cacheThreads()).contains(mine, its);

    cache.close();
    other.close();

    // close() waits for the thread: no janua-cache thread started here outlives it
    assertThat(mine.isAlive()).isFalse();
    assertThat(its.isAlive()).isFalse();
    assertThat(cacheThreads()).isSubsetOf(before);
  }

  @Test
  void build_testClockOrNoL1_startsNoThread() {
    Set<Thread> before = cacheThreads();
    TieredCache fake = TieredCache.builder().clock(clock).build();
    TieredCache noL1 = TieredCache.builder().clock(Clock.systemUTC())
        .policy(CachePolicy.builder().l1MaximumSize(0).build()).build();
    fake.get("user:1", CacheDataType.USER_PROFILE, loader("v"));
    noL1.get("user:1", CacheDataType.USER_PROFILE, loader("v"));
    assertThat(fake.tickerThread()).isNull();
    assertThat(noL1.tickerThread()).isNull();
    assertThat(cacheThreads()).isSubsetOf(before);
    fake.close();
    noL1.close();
  }

  @Test
  void close_interrupted_keepsTheInterrupt_andTheThreadStillEnds() throws InterruptedException {
    TieredCache cache = TieredCache.builder().build();
    Thread ticker = cache.tickerThread();
    Thread.currentThread().interrupt();
    cache.close();
    assertThat(Thread.interrupted()).isTrue();
    ticker.join(TimeUnit.SECONDS.toMillis(10)); // returns as soon as it has ended
    assertThat(ticker.isAlive()).isFalse();
  }

  /** Builds a cache, uses it and drops it without closing it; returns its ticker thread. */
  private Thread tickerOfAnAbandonedCache() {
    TieredCache cache = TieredCache.builder().build();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("v"));
    return cache.tickerThread();
  }

  @Test
  void tickerThread_ofACacheNeverClosed_endsOnceTheCacheIsCollected() throws InterruptedException {
    Thread ticker = tickerOfAnAbandonedCache();
    assertThat(ticker.isAlive()).isTrue();
    for (int i = 0; i < 100 && ticker.isAlive(); i++) {
      System.gc();
      ticker.join(100); // returns as soon as it has ended
    }
    assertThat(ticker.isAlive()).isFalse();
  }

  @Test
  void coarseTicker_entryServedUntilTheTickerPassesItsTtl() {
    CoarseTicker ticker = CoarseTicker.manual(CoarseTicker.exact(clock));
    TieredCache cache = TieredCache.builder().clock(clock).ticker(ticker).build();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("v1"));
    clock.advance(Duration.ofMinutes(5));
    // past its TTL by the exact time, but L1 reads the ticker, which has not moved yet: this is
    // the at most one resolution an entry may outlive its TTL
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v1");
    ticker.refresh();
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v2");
    assertThat(loads).hasValue(2);
    cache.close();
  }

  @Test
  void coarseTicker_laggingWhenWritten_entryStillLivesItsWholeTtl() {
    CoarseTicker ticker = CoarseTicker.manual(CoarseTicker.exact(clock));
    TieredCache cache = TieredCache.builder().clock(clock).ticker(ticker).build();
    clock.advance(CoarseTicker.RESOLUTION); // the ticker is one resolution behind at the write
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("v1"));
    clock.advance(Duration.ofMinutes(5).minusNanos(1));
    ticker.refresh();
    // the TTL counts from the exact time of the write, not from the ticker's older time
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v1");
    clock.advance(Duration.ofNanos(1));
    ticker.refresh();
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v2");
    cache.close();
  }

  @Test
  void close_unsubscribesEmptiesL1_andReadsPassThrough() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    InProcessBus bus = new InProcessBus();
    InvalidationBus other = bus.endpoint();
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).bus(bus.endpoint()).build();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("v1"));
    assertThat(bus.listeners()).isEqualTo(1);

    cache.close();
    cache.close(); // twice is harmless

    assertThat(cache.isClosed()).isTrue();
    assertThat(bus.listeners()).isZero();
    assertThat(cache.stats().l1Size()).isZero();
    int loadsBefore = loads.get();
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v2"))).isEqualTo("v2");
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("v3"))).isEqualTo("v3");
    assertThat(loads.get() - loadsBefore).isEqualTo(2);
    assertThat(cache.stats().l1Size()).isZero();
    // a write through a closed cache still reaches L2 and the other instances
    AtomicInteger heard = new AtomicInteger();
    other.subscribe(m -> heard.incrementAndGet());
    cache.invalidate("user:1");
    assertThat(l2.contains("user:1")).isFalse();
    assertThat(heard).hasValue(1);
  }

  @Test
  void close_busWithoutUnsubscribe_messagesIgnored() {
    List<Consumer<InvalidationBus.Invalidation>> listeners = new CopyOnWriteArrayList<>();
    InvalidationBus keepsListeners = new InvalidationBus() {
      @Override
      public void publish(Collection<String> keys, Collection<String> prefixes) {}

      @Override
      public void subscribe(Consumer<Invalidation> listener) {
        listeners.add(listener);
      }
    };
    TieredCache cache = TieredCache.builder().clock(clock).bus(keepsListeners).build();
    cache.close();
    // the default unsubscribe keeps the listener; calling it must do nothing, not throw
    listeners.forEach(l -> l.accept(new InvalidationBus.Invalidation(List.of("k"), List.of("p"))));
    assertThat(cache.isClosed()).isTrue();
  }

  @Test
  void builder_nullArguments_rejectedByName() {
    assertThatThrownBy(() -> TieredCache.builder().remote(null)).hasMessage("remote");
    assertThatThrownBy(() -> TieredCache.builder().bus(null)).hasMessage("bus");
    assertThatThrownBy(() -> TieredCache.builder().policy(null)).hasMessage("policy");
    assertThatThrownBy(() -> CachingStore.wrap(null, l1Only())).hasMessage("store");
    assertThatThrownBy(() -> TieredCache.builder().clock(null)).hasMessage("clock");
    assertThatThrownBy(() -> TieredCache.builder().ticker(null)).hasMessage("ticker");
  }
}
