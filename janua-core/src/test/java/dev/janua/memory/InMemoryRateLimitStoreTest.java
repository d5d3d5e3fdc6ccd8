package dev.janua.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitStoreTest {
  private static final RateLimitRule RULE = new RateLimitRule(10, 100);
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  private static final RateLimitCategory C = RateLimitCategory.AUTHENTICATION;

  private final MutableClock clock = new MutableClock(T0);

  private RateLimitDecision acquire(InMemoryRateLimitStore store, String key, RateLimitRule rule) {
    return store.acquire(key, C, rule, clock.instant());
  }

  @Nested
  class SlidingWindow {
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();

    @Test
    void acquire_limitSpentAtEndOfMinute_notAgainAtStartOfNext() {
      clock.set(T0.plusSeconds(59));
      for (int i = 0; i < 10; i++) {
        assertThat(acquire(store, "k", RULE).allowed()).isTrue();
      }
      assertThat(acquire(store, "k", RULE).allowed()).isFalse();
      clock.set(T0.plusSeconds(60));
      // A fixed window would admit ten more here: twice the limit within one second.
      RateLimitDecision d = acquire(store, "k", RULE);
      assertThat(d.allowed()).isFalse();
      assertThat(d.remaining()).isZero();
      // 10 * (60 - e) / 60 <= 9 from e = 6 s on.
      assertThat(d.retryAfterSeconds()).isEqualTo(6);
      assertThat(d.limit()).isEqualTo(10);
      // The previous minute's ten are forgotten at the end of this one.
      assertThat(d.resetEpochSeconds()).isEqualTo(T0.plusSeconds(120).getEpochSecond());
    }

    @Test
    void acquire_retryAfter_isExact() {
      for (int i = 0; i < 10; i++) {
        acquire(store, "k", RULE);
      }
      clock.set(T0.plusSeconds(60));
      long retry = acquire(store, "k", RULE).retryAfterSeconds();
      clock.advance(Duration.ofSeconds(retry - 1));
      assertThat(acquire(store, "k", RULE).allowed()).isFalse();
      clock.advance(Duration.ofSeconds(1));
      assertThat(acquire(store, "k", RULE).allowed()).isTrue();
    }

    @Test
    void acquire_inAnySixtySecondsAfterABurst_neverTwiceTheLimit() {
      clock.set(T0.plusSeconds(50));
      int admitted = 0;
      for (int s = 0; s < 60; s++) {
        for (int i = 0; i < 20; i++) {
          admitted += acquire(store, "k", RULE).allowed() ? 1 : 0;
        }
        clock.advance(Duration.ofSeconds(1));
      }
      // 10 at 10:00:50, then the budget returns as the old minute slides out: 10 more by 10:01:49
      // would be the fixed window's 20 in eleven seconds; the sliding window admits at most the
      // part of the old minute that has slid out.
      assertThat(admitted).isLessThanOrEqualTo(10 + 9);
      assertThat(admitted).isGreaterThan(10);
    }

    @Test
    void acquire_remainingCountsDown_andHeadersDescribeTheMinute() {
      for (int i = 0; i < 10; i++) {
        RateLimitDecision d = acquire(store, "k", RULE);
        assertThat(d.remaining()).isEqualTo(9 - i);
        assertThat(d.limit()).isEqualTo(10);
        assertThat(d.resetEpochSeconds()).isEqualTo(T0.plusSeconds(120).getEpochSecond());
      }
    }

    @Test
    void acquire_perHourLimit_bindsAcrossMinutes() {
      RateLimitRule rule = new RateLimitRule(10, 15);
      for (int i = 0; i < 10; i++) {
        assertThat(acquire(store, "k", rule).allowed()).isTrue();
      }
      clock.set(T0.plusSeconds(120));
      for (int i = 0; i < 5; i++) {
        assertThat(acquire(store, "k", rule).allowed()).isTrue();
      }
      RateLimitDecision d = acquire(store, "k", rule);
      assertThat(d.allowed()).isFalse();
      assertThat(d.limit()).isEqualTo(15);
      // The hour is full: next hour from 10:00, then 15 * (3600 - e) / 3600 <= 14 at e = 240 s.
      assertThat(d.retryAfterSeconds()).isEqualTo(3600 - 120 + 240);
      assertThat(d.resetEpochSeconds()).isEqualTo(T0.plusSeconds(7200).getEpochSecond());
    }

    @Test
    void acquire_refusedRequests_countNowhere() {
      for (int i = 0; i < 50; i++) {
        acquire(store, "k", RULE);
      }
      clock.set(T0.plusSeconds(120));
      assertThat(acquire(store, "k", RULE).remaining()).isEqualTo(9);
    }
  }

  @Nested
  class BoundedMemory {
    @Test
    void acquire_manyMoreKeysThanMax_staysBoundedWithoutClearingAll() {
      InMemoryRateLimitStore store = new InMemoryRateLimitStore(160);
      for (int i = 0; i < 100_000; i++) {
        acquire(store, "c:" + i, RULE);
        assertThat(store.size()).isLessThanOrEqualTo(160);
      }
      // Recently used keys are still held with their counts (an LRU never empties itself).
      assertThat(store.size()).isEqualTo(160);
    }

    @Test
    void acquire_attackedKeyEvictedByAFlood_staysLimited() {
      InMemoryRateLimitStore store = new InMemoryRateLimitStore(160);
      for (int i = 0; i < 10; i++) {
        acquire(store, "victim-of-guessing", RULE);
      }
      assertThat(acquire(store, "victim-of-guessing", RULE).allowed()).isFalse();
      // A flood of fresh keys pushes the attacked key out of the map many times over.
      for (int i = 0; i < 50_000; i++) {
        acquire(store, "flood:" + i, new RateLimitRule(1000, 10000));
      }
      RateLimitDecision d = acquire(store, "victim-of-guessing", RULE);
      assertThat(d.allowed()).isFalse();
      // Its own count alone means 66 s (full minute, then 10 * (60 - e) / 60 <= 9 at e = 6 s).
      assertThat(d.retryAfterSeconds()).isGreaterThanOrEqualTo(66);
    }

    @Test
    void acquire_evictedKey_isNeverLooserThanItsOwnCounts() {
      InMemoryRateLimitStore store = new InMemoryRateLimitStore(16);
      for (int round = 0; round < 30; round++) {
        for (int i = 0; i < 3; i++) {
          acquire(store, "owner", RULE);
        }
        for (int i = 0; i < 64; i++) {
          acquire(store, "other:" + round + ":" + i, RULE);
        }
      }
      // 90 attempts in one minute: the owner got its ten, never more, despite constant eviction.
      clock.set(T0);
      assertThat(acquire(store, "owner", RULE).allowed()).isFalse();
    }

    @Test
    void acquire_evictionStrictness_endsWithTheSlidingWindow() {
      InMemoryRateLimitStore store = new InMemoryRateLimitStore(1600);
      for (int i = 0; i < 20_000; i++) {
        for (int j = 0; j < 10; j++) {
          acquire(store, "spender:" + i, RULE);
        }
      }
      clock.set(T0.plusSeconds(60));
      assertThat(acquire(store, "fresh-now", RULE).allowed()).isFalse();
      // Whatever a fresh key inherits from ghost slots is gone two windows later.
      clock.set(T0.plusSeconds(7200));
      for (int i = 0; i < 80; i++) {
        assertThat(acquire(store, "fresh:" + i, RULE).remaining()).isEqualTo(9);
      }
    }
  }
}
