package dev.janua.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  @Test
  void of_allowedDecision_limitRemainingResetNoRetryAfter() {
    RateLimitDecision d = new RateLimitDecision(RateLimitCategory.AUTHENTICATION, true, 10, 7,
        1_800_000_060L, 0);
    assertThat(RateLimitHeaders.of(d)).containsExactly(
        entry("X-RateLimit-Limit", "10"),
        entry("X-RateLimit-Remaining", "7"),
        entry("X-RateLimit-Reset", "1800000060"));
  }

  @Test
  void of_refusedDecision_addsRetryAfter() {
    RateLimitDecision d = new RateLimitDecision(RateLimitCategory.AUTHENTICATION, false, 10, 0,
        1_800_000_060L, 42);
    assertThat(RateLimitHeaders.of(d)).containsEntry("Retry-After", "42")
        .containsEntry("X-RateLimit-Remaining", "0");
  }

  @Test
  void of_unlimitedOrNull_noHeaders() {
    assertThat(RateLimitHeaders.of(RateLimitDecision.unlimited(RateLimitCategory.DEFAULT))).isEmpty();
    assertThat(RateLimitHeaders.of(null)).isEmpty();
  }
}
