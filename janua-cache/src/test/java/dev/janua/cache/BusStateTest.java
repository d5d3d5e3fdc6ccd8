package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import dev.janua.testing.MutableClock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a cache does when its bus reports lost messages ({@code GAP}), a lost bus ({@code LOST})
 * and its recovery ({@code HEALTHY}); and that the sensitive types stay out of the shared tier
 * unless {@code CACHE_L2_SENSITIVE} says otherwise.
 */
class BusStateTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final AtomicInteger loads = new AtomicInteger();

  /** A bus whose state the test sets. */
  static final class StateBus implements InvalidationBus {
    final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    volatile boolean healthy = true;

    @Override
    public void publish(Collection<String> keys, Collection<String> prefixes) {}

    @Override
    public void subscribe(Consumer<Invalidation> listener) {}

    @Override
    public boolean healthy() {
      return healthy;
    }

    @Override
    public void subscribeState(Consumer<State> listener) {
      stateListeners.add(listener);
    }

    @Override
    public void unsubscribeState(Consumer<State> listener) {
      stateListeners.remove(listener);
    }

    void fire(State state) {
      healthy = state != State.LOST;
      stateListeners.forEach(l -> l.accept(state));
    }
  }

  private Supplier<String> loader(String value) {
    return () -> {
      loads.incrementAndGet();
      return value;
    };
  }

  @Test
  void gap_dropsEveryL1Entry() {
    StateBus bus = new StateBus();
    TieredCache cache = TieredCache.builder().clock(clock).bus(bus).build();
    cache.get("org:1", CacheDataType.ORGANIZATION, loader("o"));
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("u"));
    cache.get("org:1", CacheDataType.ORGANIZATION, loader("o"));
    assertThat(loads).hasValue(2);
    bus.fire(InvalidationBus.State.GAP);
    assertThat(cache.stats().l1Size()).isZero();
    cache.get("org:1", CacheDataType.ORGANIZATION, loader("o"));
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("u"));
    assertThat(loads).hasValue(4);
    assertThat(cache.busLost()).isFalse();
  }

  @Test
  void gap_duringALoad_theLoadedValueIsNotKept() {
    StateBus bus = new StateBus();
    TieredCache cache = TieredCache.builder().clock(clock).bus(bus).build();
    cache.get("session-owner:s1", CacheDataType.SESSION, () -> {
      loads.incrementAndGet();
      bus.fire(InvalidationBus.State.GAP); // read from the store before the gap was noticed
      return "stale";
    });
    assertThat(cache.get("session-owner:s1", CacheDataType.SESSION, loader("fresh")))
        .isEqualTo("fresh");
    assertThat(loads).hasValue(2);
  }

  @Test
  void lost_sensitiveReadsGoToTheLoader_pastBothTiers_othersStayCached() {
    StateBus bus = new StateBus();
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).bus(bus).build();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("old"));
    cache.get("org:1", CacheDataType.ORGANIZATION, loader("o"));
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("old"))).isEqualTo("old");
    assertThat(loads).hasValue(2);
    bus.fire(InvalidationBus.State.LOST);
    assertThat(cache.busLost()).isTrue();
    int l2Calls = l2.calls.get();
    for (int i = 0; i < 3; i++) {
      assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("store")))
          .isEqualTo("store");
      assertThat(cache.get("session-owner:s" + i, CacheDataType.SESSION, loader("u")))
          .isEqualTo("u");
    }
    assertThat(loads).hasValue(2 + 6);
    assertThat(l2.calls.get()).as("no L2 call for sensitive types").isEqualTo(l2Calls);
    // not sensitive: L1 was dropped, the shared tier still answers
    assertThat(cache.get("org:1", CacheDataType.ORGANIZATION, loader("x"))).isEqualTo("o");
    assertThat(loads).hasValue(2 + 6);

    bus.fire(InvalidationBus.State.HEALTHY);
    assertThat(cache.busLost()).isFalse();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("new"));
    assertThat(cache.get("user:1", CacheDataType.USER_PROFILE, loader("x"))).isEqualTo("new");
    assertThat(loads).as("read once after recovery, then cached again").hasValue(2 + 6 + 1);
  }

  @Test
  void lost_sessionAliasIsNeitherServedNorKept() {
    StateBus bus = new StateBus();
    TieredCache cache = TieredCache.builder().clock(clock).bus(bus).build();
    TieredCache.Alias alias = new TieredCache.Alias("s1");
    long aliasStamp = cache.stamp("session-id:s1");
    long stamp = cache.stamp("session:u:s1");
    cache.putAlias(alias, "session:u:s1", "live", CacheDataType.SESSION, aliasStamp, stamp);
    assertThat(cache.<String>getAlias(alias, CacheDataType.SESSION)).isEqualTo("live");
    bus.fire(InvalidationBus.State.LOST);
    assertThat(cache.<String>getAlias(alias, CacheDataType.SESSION)).isNull();
    cache.putAlias(alias, "session:u:s1", "live", CacheDataType.SESSION,
        cache.stamp("session-id:s1"), cache.stamp("session:u:s1"));
    assertThat(cache.<String>getAlias(alias, CacheDataType.SESSION)).isNull();
    bus.fire(InvalidationBus.State.HEALTHY);
    assertThat(cache.<String>getAlias(alias, CacheDataType.SESSION)).isNull();
  }

  @Test
  void build_onALostBus_startsReadingThrough() {
    StateBus bus = new StateBus();
    bus.healthy = false;
    TieredCache cache = TieredCache.builder().clock(clock).bus(bus).build();
    assertThat(cache.busLost()).isTrue();
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("u"));
    cache.get("user:1", CacheDataType.USER_PROFILE, loader("u"));
    assertThat(loads).hasValue(2);
  }

  @Test
  void close_stopsListeningToTheBusState() {
    StateBus bus = new StateBus();
    TieredCache cache = TieredCache.builder().clock(clock).bus(bus).build();
    assertThat(bus.stateListeners).hasSize(1);
    cache.close();
    assertThat(bus.stateListeners).isEmpty();
  }

  @Test
  void sensitiveTypes_stayOutOfL2_byDefault() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    TieredCache a = TieredCache.builder().clock(clock).remote(l2).build();
    a.get("user:1", CacheDataType.USER_PROFILE, loader("u"));
    a.get("session-owner:s1", CacheDataType.SESSION, loader("u"));
    a.get("org:1:member:u", CacheDataType.PERMISSIONS, loader("m"));
    a.get("org:1", CacheDataType.ORGANIZATION, loader("o"));
    assertThat(l2.keys()).containsExactly("org:1");
    // and a second instance reads them from its own loader
    TieredCache b = TieredCache.builder().clock(clock).remote(l2).build();
    b.get("user:1", CacheDataType.USER_PROFILE, loader("u"));
    assertThat(loads).hasValue(5);
  }

  @Test
  void policy_sensitiveInShared_fromEnvironment() {
    assertThat(CachePolicy.fromMap(Map.of()).sensitiveInShared()).isFalse();
    assertThat(CachePolicy.fromMap(Map.of("CACHE_L2_SENSITIVE", "true")).sensitiveInShared())
        .isTrue();
    assertThatThrownBy(() -> CachePolicy.fromMap(Map.of("CACHE_L2_SENSITIVE", "maybe")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("CACHE_L2_SENSITIVE");
    assertThat(CachePolicy.builder().sensitiveInShared(true).build())
        .isNotEqualTo(CachePolicy.defaults());
  }
}
