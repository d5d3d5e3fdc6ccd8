package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.memory.InMemoryRateLimitStore;
import dev.janua.cache.BreakerState;
import dev.janua.internal.SlidingWindows;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fallback and breaker logic, with a backend that fails on demand (no Redis needed). */
class RedisRateLimitStoreTest {
  private static final RateLimitRule RULE = new RateLimitRule(2, 10);
  private static final Instant NOW = Instant.parse("2031-01-01T00:00:10Z");

  private final AtomicInteger calls = new AtomicInteger();

  private RedisRateLimitStore.Backend failing() {
    return (k, m, h, s) -> {
      calls.incrementAndGet();
      throw new RedisCommandTimeoutException("Command timed out");
    };
  }

  @Test
  void acquire_backendCounts_buildsDecisionFromSlidingWindows() {
    RedisRateLimitStore store = new RedisRateLimitStore((k, m, h, s) -> new long[] {1, 0, 2, 0, 5},
        RedisRateLimitConfig.defaults());
    RateLimitDecision d = store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);
    assertThat(d).isEqualTo(SlidingWindows.decide(RateLimitCategory.DEFAULT, RULE, true,
        new long[] {0, 2, 0, 5}, NOW.toEpochMilli()));
    assertThat(d.remaining()).isZero();
    assertThat(store.fallbackDecisions()).isZero();
  }

  @Test
  void acquire_redisFailsWithOpenFallback_usesLocalLimiter() {
    RedisRateLimitStore store = new RedisRateLimitStore(failing(),
        RedisRateLimitConfig.defaults());
    InMemoryRateLimitStore reference = new InMemoryRateLimitStore();
    for (int i = 0; i < 4; i++) {
      assertThat(store.acquire("k", RateLimitCategory.USER_OPERATIONS, RULE, NOW))
          .isEqualTo(reference.acquire("k", RateLimitCategory.USER_OPERATIONS, RULE, NOW));
    }
    assertThat(store.fallbackDecisions()).isEqualTo(4);
  }

  @Test
  void acquire_redisFailsWithClosedFallback_refuses() {
    RedisRateLimitStore store = new RedisRateLimitStore(failing(), RedisRateLimitConfig.builder()
        .fallback(RateLimitCategory.AUTHENTICATION, RateLimitFallback.CLOSED).build());
    RateLimitDecision d = store.acquire("k", RateLimitCategory.AUTHENTICATION, RULE, NOW);
    assertThat(d.allowed()).isFalse();
    assertThat(d.remaining()).isZero();
    assertThat(d.retryAfterSeconds()).isEqualTo(50);
    assertThat(store.acquire("k", RateLimitCategory.USER_OPERATIONS, RULE, NOW).allowed())
        .isTrue();
  }

  @Test
  void acquire_fiveFailures_opensBreakerAndStopsCallingRedis() {
    RedisRateLimitStore store = new RedisRateLimitStore(failing(), RedisRateLimitConfig.builder()
        .failureThreshold(5).recoveryDelay(Duration.ofHours(1)).build());
    for (int i = 0; i < 20; i++) {
      store.acquire("k" + i, RateLimitCategory.DEFAULT, RULE, NOW);
    }
    assertThat(calls.get()).isEqualTo(5);
    assertThat(store.circuitState()).isEqualTo(BreakerState.OPEN);
    assertThat(store.usingRedis()).isFalse();
    assertThat(store.fallbackDecisions()).isEqualTo(20);
  }

  /** A backend that times out while {@code up} is false, and admits with counts otherwise. */
  private RedisRateLimitStore.Backend failingWhileDown(AtomicBoolean up) {
    return (k, m, h, s) -> {
      calls.incrementAndGet();
      if (!up.get()) {
        throw new RedisCommandTimeoutException("Command timed out");
      }
      return new long[] {1, 0, 1, 0, 1};
    };
  }

  private static RedisRateLimitConfig hourLongBreaker() {
    return RedisRateLimitConfig.builder().failureThreshold(3).recoveryDelay(Duration.ofHours(1))
        .build();
  }

  @Test
  void acquire_breakerOpenedWhileDisconnected_triesRedisOnceReconnected() {
    AtomicBoolean up = new AtomicBoolean();
    AtomicBoolean connected = new AtomicBoolean();
    RedisRateLimitStore store = new RedisRateLimitStore(failingWhileDown(up), connected::get,
        hourLongBreaker());
    for (int i = 0; i < 3; i++) { // the third failure opens it; no decision comes while it is open
      store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);
    }
    assertThat(store.circuitState()).isEqualTo(BreakerState.OPEN);
    assertThat(calls.get()).isEqualTo(3);

    up.set(true);
    connected.set(true); // e.g. Lettuce reconnected to the master a failover promoted
    RateLimitDecision d = store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);

    assertThat(calls.get()).as("tried at once, not after the hour").isEqualTo(4);
    assertThat(store.circuitState()).isEqualTo(BreakerState.CLOSED);
    assertThat(store.fallbackDecisions()).isEqualTo(3);
    assertThat(d.remaining()).isEqualTo(1);
  }

  @Test
  void acquire_breakerOpenWhileConnected_waitsOutTheDelay() {
    AtomicBoolean up = new AtomicBoolean();
    RedisRateLimitStore store = new RedisRateLimitStore(failingWhileDown(up), () -> true,
        hourLongBreaker());
    for (int i = 0; i < 5; i++) {
      store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);
    }
    up.set(true); // answering again, but no reconnect was seen: a slow Redis, not a lost one

    store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);

    assertThat(calls.get()).isEqualTo(3);
    assertThat(store.circuitState()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void acquire_trialAfterReconnectFails_oneTrialPerReconnect() {
    AtomicBoolean connected = new AtomicBoolean();
    RedisRateLimitStore store = new RedisRateLimitStore(failingWhileDown(new AtomicBoolean()),
        connected::get, hourLongBreaker());
    for (int i = 0; i < 5; i++) {
      store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);
    }
    connected.set(true);
    for (int i = 0; i < 5; i++) {
      store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);
    }
    assertThat(calls.get()).as("one trial, which failed").isEqualTo(4);
    assertThat(store.circuitState()).isEqualTo(BreakerState.OPEN);

    connected.set(false);
    store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);
    connected.set(true);
    store.acquire("k", RateLimitCategory.DEFAULT, RULE, NOW);
    assertThat(calls.get()).as("the next reconnect earns the next trial").isEqualTo(5);
  }

  @Test
  void acquire_emptyKeyOrNulls_throw() {
    RedisRateLimitStore store = new RedisRateLimitStore(failing(),
        RedisRateLimitConfig.defaults());
    assertThatThrownBy(() -> store.acquire("", RateLimitCategory.DEFAULT, RULE, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    assertThatThrownBy(() -> store.acquire("k", null, RULE, NOW))
        .isInstanceOf(NullPointerException.class).hasMessage("category");
    assertThat(calls.get()).isZero();
  }
}
