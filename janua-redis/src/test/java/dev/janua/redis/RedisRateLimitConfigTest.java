package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import dev.janua.RateLimitCategory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisRateLimitConfigTest {

  @Test
  void defaults_openEverywhereAndGuideBreaker() {
    RedisRateLimitConfig c = RedisRateLimitConfig.defaults();
    for (RateLimitCategory cat : RateLimitCategory.values()) {
      assertThat(c.fallback(cat)).isEqualTo(RateLimitFallback.OPEN);
    }
    assertThat(c.failureThreshold()).isEqualTo(5);
    assertThat(c.recoveryDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fromEnv_defaultAndPerCategory_perCategoryWins() {
    RedisRateLimitConfig c = RedisRateLimitConfig.fromEnv(Map.of(
        "REDIS_RATE_LIMIT_FALLBACK", "closed",
        "REDIS_RATE_LIMIT_FALLBACK_WEBHOOKS", "open",
        "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "3",
        "CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "10"));
    assertThat(c.fallback(RateLimitCategory.AUTHENTICATION)).isEqualTo(RateLimitFallback.CLOSED);
    assertThat(c.fallback(RateLimitCategory.WEBHOOKS)).isEqualTo(RateLimitFallback.OPEN);
    assertThat(c.failureThreshold()).isEqualTo(3);
    assertThat(c.recoveryDelay()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void fromEnv_badFallback_throwsNamingTheVariable() {
    assertThatThrownBy(() -> RedisRateLimitConfig.fromEnv(
        Map.of("REDIS_RATE_LIMIT_FALLBACK_AUTHENTICATION", "maybe")))
        .isInstanceOfSatisfying(JanuaConfigException.class, e -> assertThat(e.variable())
            .isEqualTo("REDIS_RATE_LIMIT_FALLBACK_AUTHENTICATION"));
    assertThatThrownBy(() -> RedisRateLimitConfig.fromEnv(
        Map.of("REDIS_RATE_LIMIT_FALLBACK", "maybe")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("REDIS_RATE_LIMIT_FALLBACK").hasMessageContaining("open")
        .hasMessageContaining("closed").hasMessageContaining("maybe");
    assertThatThrownBy(() -> RedisRateLimitConfig.fromEnv(
        Map.of("CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "0")))
        .isInstanceOfSatisfying(JanuaConfigException.class, e -> assertThat(e.variable())
            .isEqualTo("CIRCUIT_BREAKER_RECOVERY_TIMEOUT"));
  }

  @Test
  void builder_badArguments_throwNamingTheArgument() {
    assertThatThrownBy(() -> RedisRateLimitConfig.builder().failureThreshold(0))
        .hasMessageContaining("failureThreshold");
    assertThatThrownBy(() -> RedisRateLimitConfig.builder().recoveryDelay(Duration.ZERO))
        .hasMessageContaining("recoveryDelay");
  }
}
