package dev.janua.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitStoreTest {
  private static final RateLimitRule RULE = new RateLimitRule(5, 10);
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

  @Test
  void sweep_dropsCountersOfPastHours_keepsCurrentOnes() {
    InMemoryRateLimitStore store = new InMemoryRateLimitStore(10);
    for (int i = 0; i < 10; i++) {
      store.acquire("old:" + i, RateLimitCategory.DEFAULT, RULE, T0);
    }
    store.acquire("busy", RateLimitCategory.DEFAULT, RULE, T0.plus(Duration.ofHours(1)));
    store.acquire("busy", RateLimitCategory.DEFAULT, RULE, T0.plus(Duration.ofHours(1)));
    // The 12th key is over maxClients: the ten idle counters of the past hour are swept.
    store.acquire("new", RateLimitCategory.DEFAULT, RULE, T0.plus(Duration.ofHours(1)));
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.acquire("busy", RateLimitCategory.DEFAULT, RULE, T0.plus(Duration.ofHours(1)))
        .remaining()).isEqualTo(2);
  }

  @Test
  void sweep_moreActiveClientsThanMax_staysBounded() {
    InMemoryRateLimitStore store = new InMemoryRateLimitStore(100);
    for (int i = 0; i < 1000; i++) {
      store.acquire("c:" + i, RateLimitCategory.DEFAULT, RULE, T0);
    }
    assertThat(store.size()).isLessThanOrEqualTo(101);
  }
}
