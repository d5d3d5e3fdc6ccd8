package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Failsafe breaker around L2, with a fake of our RemoteCache SPI that throws. */
class CircuitBreakerTest {
  /** The sensitive types in L2 too: these tests are about the shared tier's mechanics. */
  private static final CachePolicy L2_ALL = CachePolicy.builder().sensitiveInShared(true).build();

  private final MutableClock clock = MutableClock.startingAt2026();
  private final MapRemoteCache l2 = new MapRemoteCache(clock);

  @Test
  void remoteFailing_opensAfterFiveFailures_thenSkipsL2_andReadsStillSucceedFromStore() {
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    assertThat(cache.stats().l2Connected()).isTrue();
    assertThat(cache.circuitState()).contains(BreakerState.CLOSED);
    l2.failing = true;
    // each miss costs one L2 get and one L2 put: five failed calls after 3 reads
    for (int i = 0; i < 3; i++) {
      assertThat(cache.get("k" + i, CacheDataType.USER_PROFILE, () -> "from-store"))
          .isEqualTo("from-store");
    }
    assertThat(l2.calls).hasValue(5);
    assertThat(cache.stats().l2Connected()).isFalse();
    assertThat(cache.circuitState()).contains(BreakerState.OPEN);

    int callsWhenOpen = l2.calls.get();
    for (int i = 0; i < 100; i++) {
      assertThat(cache.get("other" + i, CacheDataType.USER_PROFILE, () -> "from-store"))
          .isEqualTo("from-store");
    }
    cache.invalidate("k0");
    cache.warm("w", "v", Duration.ofMinutes(1));
    assertThat(l2.calls).as("no L2 call while the circuit is open").hasValue(callsWhenOpen);
    assertThat(cache.stats().misses()).isEqualTo(103);
  }

  @Test
  void fourFailuresThenSuccess_circuitStaysClosed() {
    TieredCache cache = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    l2.failing = true;
    cache.get("a", CacheDataType.USER_PROFILE, () -> "v"); // get + put fail
    cache.get("b", CacheDataType.USER_PROFILE, () -> "v"); // get + put fail
    cache.invalidate("c"); // delete fails: 5th failure would open; this is the 5th
    assertThat(cache.stats().l2Connected()).isFalse();

    TieredCache other = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    l2.failing = true;
    other.get("a", CacheDataType.USER_PROFILE, () -> "v");
    other.get("b", CacheDataType.USER_PROFILE, () -> "v"); // 4 failures
    l2.failing = false;
    other.get("c", CacheDataType.USER_PROFILE, () -> "v"); // success resets the count
    l2.failing = true;
    other.get("d", CacheDataType.USER_PROFILE, () -> "v");
    assertThat(other.stats().l2Connected()).as("failures must be consecutive").isTrue();
  }

  @Test
  void recovery_halfOpenTrialSucceeds_closesAndFillsL2Again() {
    // a zero open delay makes the next call the half-open trial, without waiting
    CachePolicy policy = CachePolicy.builder().breakerDelay(Duration.ZERO)
        .sensitiveInShared(true).build();
    TieredCache cache = TieredCache.builder().clock(clock).policy(policy).remote(l2).build();
    l2.failing = true;
    for (int i = 0; i < 5; i++) {
      cache.invalidate("x" + i);
    }
    assertThat(cache.stats().l2Connected()).isFalse();
    assertThat(cache.circuitState()).isPresent().get().isNotEqualTo(BreakerState.CLOSED);
    l2.failing = false;
    cache.get("user:1", CacheDataType.USER_PROFILE, () -> "v");
    assertThat(cache.stats().l2Connected()).isTrue();
    assertThat(cache.circuitState()).contains(BreakerState.CLOSED);
    assertThat(l2.contains("user:1")).isTrue();
  }

  @Test
  void circuitState_withoutRemote_empty() {
    assertThat(TieredCache.builder().clock(clock).build().circuitState()).isEmpty();
  }

  @Test
  void invalidationsDuringOutage_replayedWhenL2AnswersAgain() {
    CachePolicy policy = CachePolicy.builder().breakerDelay(Duration.ZERO)
        .sensitiveInShared(true).build();
    TieredCache cache = TieredCache.builder().clock(clock).policy(policy).remote(l2).build();
    cache.get("session:u1:s1", CacheDataType.SESSION, () -> "live");
    assertThat(l2.contains("session:u1:s1")).isTrue();
    l2.failing = true;
    for (int i = 0; i < 5; i++) {
      cache.invalidate("unrelated" + i);
    }
    // the session is revoked while L2 is unreachable: its L2 copy cannot be deleted now
    cache.invalidatePattern("session:u1:");
    assertThat(l2.contains("session:u1:s1")).isTrue();
    l2.failing = false;
    cache.get("anything", CacheDataType.USER_PROFILE, () -> "v");
    assertThat(l2.contains("session:u1:s1")).as("held-back delete replayed").isFalse();
    TieredCache other = TieredCache.builder().clock(clock).remote(l2).policy(L2_ALL).build();
    assertThat(other.get("session:u1:s1", CacheDataType.SESSION, () -> "revoked"))
        .isEqualTo("revoked");
  }
}
