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

  @Test
  void builder_badArguments_throwAtOnceNamingTheVariable() {
    RedisRateLimitConfig.Builder b = RedisRateLimitConfig.builder();
    assertThatThrownBy(() -> b.failureThreshold(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CIRCUIT_BREAKER_FAILURE_THRESHOLD").hasMessageContaining("-1");
    assertThatThrownBy(() -> b.recoveryDelay(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("CIRCUIT_BREAKER_RECOVERY_TIMEOUT");
    assertThatThrownBy(() -> b.recoveryDelay(Duration.ofDays(1).plusMillis(1)))
        .hasMessageStartingWith("CIRCUIT_BREAKER_RECOVERY_TIMEOUT");
    assertThatThrownBy(() -> b.fallback(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("fallback");
    assertThatThrownBy(() -> b.fallback(RateLimitCategory.WEBHOOKS, null))
        .isInstanceOf(NullPointerException.class).hasMessage("fallback");
    assertThat(b.recoveryDelay(Duration.ofDays(1)).build().recoveryDelay())
        .isEqualTo(Duration.ofDays(1));
    assertThat(b.build().failureThreshold()).isEqualTo(5);
  }

  @Test
  void fromEnv_outOfRangeBreakerValues_throwNamingTheVariable() {
    assertThatThrownBy(() -> RedisRateLimitConfig.fromEnv(
        Map.of("CIRCUIT_BREAKER_FAILURE_THRESHOLD", "0")))
        .isInstanceOfSatisfying(JanuaConfigException.class, e -> assertThat(e.variable())
            .isEqualTo("CIRCUIT_BREAKER_FAILURE_THRESHOLD"));
    assertThatThrownBy(() -> RedisRateLimitConfig.fromEnv(
        Map.of("CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "86401")))
        .isInstanceOfSatisfying(JanuaConfigException.class, e -> assertThat(e.variable())
            .isEqualTo("CIRCUIT_BREAKER_RECOVERY_TIMEOUT"));
  }

  @Test
  void build_thenBuilderChanged_configUnchanged() {
    RedisRateLimitConfig.Builder b = RedisRateLimitConfig.builder()
        .fallback(RateLimitCategory.AUTHENTICATION, RateLimitFallback.CLOSED);
    RedisRateLimitConfig first = b.build();
    b.fallback(RateLimitCategory.AUTHENTICATION, RateLimitFallback.OPEN);
    assertThat(first.fallback(RateLimitCategory.AUTHENTICATION))
        .isEqualTo(RateLimitFallback.CLOSED);
    assertThat(b.build().fallback(RateLimitCategory.AUTHENTICATION))
        .isEqualTo(RateLimitFallback.OPEN);
  }
}
