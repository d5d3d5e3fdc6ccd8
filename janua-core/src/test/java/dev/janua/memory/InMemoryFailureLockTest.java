package dev.janua.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.spi.FailureLockRule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The failure locks and the counting-free peek of {@link InMemoryRateLimitStore}. */
class InMemoryFailureLockTest {
  private static final FailureLockRule RULE = new FailureLockRule(3, 900_000, 60_000);
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

  @Test
  void recordFailure_lockFromTheThreshold_doublingAndCapped() {
    InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    assertThat(store.recordFailure("signin:a", RULE, T0)).isZero();
    assertThat(store.recordFailure("signin:a", RULE, T0)).isZero();
    assertThat(store.lockedUntil("signin:a", T0)).isZero();
    assertThat(store.recordFailure("signin:a", RULE, T0)).isEqualTo(T0.toEpochMilli() + 60_000);
    assertThat(store.lockedUntil("signin:a", T0.plusSeconds(59)))
        .isEqualTo(T0.toEpochMilli() + 60_000);
    assertThat(store.lockedUntil("signin:a", T0.plusSeconds(60))).isZero();
    Instant t = T0.plusSeconds(60);
    assertThat(store.recordFailure("signin:a", RULE, t)).isEqualTo(t.toEpochMilli() + 120_000);
    assertThat(store.recordFailure("signin:a", RULE, t)).isEqualTo(t.toEpochMilli() + 240_000);
    store.recordFailure("signin:a", RULE, t);
    assertThat(store.recordFailure("signin:a", RULE, t)).isEqualTo(t.toEpochMilli() + 900_000);
    // Other keys are untouched.
    assertThat(store.lockedUntil("signin:b", t)).isZero();
  }

  @Test
  void recordFailure_belowThreshold_forgottenAWindowAfterTheFirst() {
    InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    store.recordFailure("signin:a", RULE, T0);
    store.recordFailure("signin:a", RULE, T0.plusSeconds(600));
    // 15 minutes after the first failure the count starts afresh: two more do not lock.
    Instant later = T0.plus(Duration.ofMinutes(15));
    assertThat(store.recordFailure("signin:a", RULE, later)).isZero();
    assertThat(store.recordFailure("signin:a", RULE, later)).isZero();
    assertThat(store.recordFailure("signin:a", RULE, later)).isPositive();
  }

  @Test
  void lockedKey_floodOfFreshFailingKeys_doesNotLiftTheLock() {
    InMemoryRateLimitStore store = new InMemoryRateLimitStore(16);
    for (int i = 0; i < 3; i++) {
      store.recordFailure("signin:victim", RULE, T0);
    }
    for (int i = 0; i < 5_000; i++) {
      store.recordFailure("signin:flood-" + i, RULE, T0);
    }
    assertThat(store.lockedUntil("signin:victim", T0.plusSeconds(30)))
        .isGreaterThanOrEqualTo(T0.toEpochMilli() + 60_000);
  }

  @Test
  void peek_countsNothing_acquireDoes() {
    InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    RateLimitRule rule = new RateLimitRule(2, 100);
    RateLimitCategory c = RateLimitCategory.AUTHENTICATION;
    for (int i = 0; i < 5; i++) {
      RateLimitDecision d = store.peek("k", c, rule, T0);
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(2);
    }
    store.acquire("k", c, rule, T0);
    store.acquire("k", c, rule, T0);
    RateLimitDecision full = store.peek("k", c, rule, T0);
    assertThat(full.allowed()).isFalse();
    assertThat(full.retryAfterSeconds()).isPositive();
  }
}
